/**
 * The EventTransforms `ebb up` serves: a table of compiled transforms by host, and the request path
 * Knative's JSONata transformer runs (transform-jsonata/jsonata.js), in-process:
 *
 *   receive (binary or structured CloudEvent; any other body as itself) → evaluate → a CloudEvent →
 *   without a sink: 200 with it as the reply (structured mode, as Knative answers);
 *   with a sink: POST it there (binary mode) and answer with the sink's status and
 *     `reply.discard: true` → no body; `reply.jsonata` → the sink's 2xx reply transformed; otherwise the
 *     sink's response as it came (status, Content-Type, `ce-*` headers, body).
 *
 * A failure answers with its status and a plain-text reason (errors.ts). The control plane drives this
 * through `upsert`/`remove`; nothing here imports it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { CloudEventError, parseHttpEvents, toStructuredHttp } from '../cloudevents/index.js';
import {
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  type DeliveryResponse,
  DeliveryTimeoutError,
  postEvent,
} from '../dispatcher/index.js';
import type { EventRecord } from '../types.js';
import { readBody } from './body.js';
import {
  BadEventError,
  ClientAbortedError,
  MethodNotAllowedError,
  SinkFailedError,
  SinkUnavailableError,
  TransformError,
} from './errors.js';
import { bodyToInput, eventToInput, outputToEvent } from './event-json.js';
import { type CompiledExpression, compileExpression, DEFAULT_EVALUATION_TIMEOUT_MS } from './expression.js';

/** The largest request body taken, as broker ingress's. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** One EventTransform as the control plane hands it over. */
export interface TransformSpec {
  /** `namespace/name`. */
  id: string;
  /** The normalized host it answers at (`{name}-jsonata.{ns}.svc.cluster.local`). */
  host: string;
  expression: string;
  /** Set when the transform has a sink: its URL, or why it does not resolve. */
  sink?: { uri: string } | { unavailable: string };
  reply?: { expression?: string; discard?: boolean };
}

export interface TransformPlaneOptions {
  /** The dispatcher sink deliveries go through (one that resolves Knative-style hosts). */
  http: Dispatcher;
  /** @defaultValue DEFAULT_MAX_BODY_BYTES */
  maxBodyBytes?: number;
  /** @defaultValue DEFAULT_EVALUATION_TIMEOUT_MS */
  evaluationTimeoutMs?: number;
  /** Per-request timeout of the POST to the sink. @defaultValue DEFAULT_ATTEMPT_TIMEOUT_MS */
  sinkTimeoutMs?: number;
  /** Called for every request answered with an error status (for the platform's log). */
  onFailure?(id: string, error: TransformError): void;
}

interface Transform {
  spec: TransformSpec;
  transformation: CompiledExpression;
  reply: CompiledExpression | undefined;
}

export type UpsertResult = { ok: true } | { ok: false; message: string };

export class TransformPlane {
  readonly #byHost = new Map<string, Transform>();
  readonly #hostById = new Map<string, string>();
  readonly #maxBodyBytes: number;
  readonly #timeoutMs: number;
  readonly #sinkTimeoutMs: number;

  constructor(private readonly opts: TransformPlaneOptions) {
    this.#maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#timeoutMs = opts.evaluationTimeoutMs ?? DEFAULT_EVALUATION_TIMEOUT_MS;
    this.#sinkTimeoutMs = opts.sinkTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  }

  /** Installs or replaces a transform; fails (and leaves the old one) when an expression does not compile. */
  upsert(spec: TransformSpec): UpsertResult {
    let transformation: CompiledExpression;
    let reply: CompiledExpression | undefined;
    try {
      transformation = compileExpression(spec.expression, 'transformation', this.#timeoutMs);
      if (spec.reply?.expression) reply = compileExpression(spec.reply.expression, 'reply', this.#timeoutMs);
    } catch (error) {
      return { ok: false, message: (error as Error).message ?? String(error) };
    }
    this.remove(spec.id);
    this.#byHost.set(spec.host, { spec, transformation, reply });
    this.#hostById.set(spec.id, spec.host);
    return { ok: true };
  }

  remove(id: string): void {
    const host = this.#hostById.get(id);
    if (host === undefined) return;
    this.#hostById.delete(id);
    if (this.#byHost.get(host)?.spec.id === id) this.#byHost.delete(host);
  }

  hosts(): string[] {
    return [...this.#byHost.keys()];
  }

  /** Serves the request when `host` (normalized) is a transform's and returns true; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, host: string): boolean {
    const transform = this.#byHost.get(host);
    if (!transform) return false;
    this.#serve(transform, req, res).catch((error: unknown) => this.#fail(transform, res, error));
    return true;
  }

  async #serve(t: Transform, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') throw new MethodNotAllowedError(req.method ?? '');
    const body = await readBody(req, this.#maxBodyBytes);
    const input = requestInput(req.headers, body);
    const event = outputToEvent(await t.transformation.evaluate(input), 'transformation');
    const sink = t.spec.sink;
    if (!sink) {
      writeEvent(res, 200, event);
      return;
    }
    if ('unavailable' in sink) throw new SinkUnavailableError(sink.unavailable);
    const answer = await this.#deliver(sink.uri, event);
    if (t.spec.reply?.discard) {
      res.writeHead(answer.status).end();
    } else if (t.reply && answer.status < 300 && answer.body.length > 0) {
      const replyInput = requestInput(answer.headers as IncomingMessage['headers'], answer.body);
      writeEvent(res, answer.status, outputToEvent(await t.reply.evaluate(replyInput), 'reply'));
    } else {
      passThrough(res, answer);
    }
  }

  async #deliver(uri: string, event: EventRecord): Promise<DeliveryResponse> {
    try {
      return await postEvent(this.opts.http, uri, event, { timeoutMs: this.#sinkTimeoutMs });
    } catch (error) {
      const status = error instanceof DeliveryTimeoutError ? 504 : 502;
      throw new SinkFailedError(status, uri, (error as Error).message, { cause: error });
    }
  }

  #fail(t: Transform, res: ServerResponse, error: unknown): void {
    if (error instanceof ClientAbortedError) {
      res.destroy();
      return;
    }
    const failure =
      error instanceof TransformError
        ? error
        : new TransformError(
            'EBB_TRANSFORM_INTERNAL',
            500,
            `internal error: ${(error as Error)?.message ?? error}`,
            {
              cause: error,
            },
          );
    this.opts.onFailure?.(t.spec.id, failure);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
    // The body of a refused large request is unread: the connection cannot be reused.
    if (failure.status === 413) headers.connection = 'close';
    res.writeHead(failure.status, headers);
    res.end(`${failure.message}\n`);
  }
}

/** The expression's input for a request or a sink's response: the CloudEvent, or the body itself. */
function requestInput(headers: IncomingMessage['headers'], body: Buffer): unknown {
  let events: EventRecord[];
  try {
    events = parseHttpEvents(headers, body);
  } catch (error) {
    if (error instanceof CloudEventError && error.status === 415) return bodyToInput(body);
    throw new BadEventError(`invalid CloudEvent: ${(error as Error).message}`, { cause: error });
  }
  if (events.length !== 1)
    throw new BadEventError('batched events are not supported: send one event per request');
  return eventToInput(events[0]!);
}

function writeEvent(res: ServerResponse, status: number, event: EventRecord): void {
  const message = toStructuredHttp(event);
  res.writeHead(status, message.headers);
  res.end(message.body);
}

function passThrough(res: ServerResponse, answer: DeliveryResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && (name === 'content-type' || name.startsWith('ce-'))) headers[name] = value;
  }
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
