/**
 * The JobSink receiver, Knative's `job-sink` service in `knative-eventing` on Ebb's ingress port: matched by
 * Host (`job-sink.knative-eventing.svc.cluster.local`), then by path as Knative's is.
 *
 * - `POST /{namespace}/{jobsink}` takes one CloudEvent (binary or structured mode; a batch is refused),
 *   asks the backend to record a Job for it and answers 202 only once the Job is stored (a synced SQLite
 *   write), with Knative's `Location` header. The same event id and source again find the same Job (its
 *   name is derived from them, as Knative's is): 202, no second Job.
 * - `GET` of that Location answers 200 `Reason: Complete`, 400 `Reason: Failed`, or 202 while it runs.
 *
 * Errors are plain text naming what is wrong: 400 a malformed event (the header, in binary mode), 404 an
 * unknown JobSink (Knative answers 400), 413 a body over the limit, 415 not a CloudEvent.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudEventError, parseHttpEvents, toStructuredJson } from '../../eventing/cloudevents/index.js';
import { readBody } from '../../eventing/ingress/body.js';
import { BodyTooLargeError, ClientAbortedError } from '../../eventing/ingress/errors.js';
import type { Logger } from '../../log.js';
import { normalizeHost } from '../../serving/router/route-table.js';

/** Knative's job-sink Service, `network.GetServiceHostname("job-sink", "knative-eventing")`. */
export const JOB_SINK_HOST = 'job-sink.knative-eventing.svc.cluster.local';
const HOSTS = new Set([JOB_SINK_HOST, 'job-sink.knative-eventing.svc']);
/** Knative keeps the event in a Secret, whose data Kubernetes caps at 1 MiB; Ebb holds bodies to that. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface JobSinkEvent {
  id: string;
  source: string;
  /** The event in structured JSON, what the job reads (Knative's `event.MarshalJSON()`). */
  json: string;
}

export type JobState = 'Complete' | 'Failed' | 'Active';

/** What the receiver needs of the control plane. */
export interface JobSinkBackend {
  /** True when the JobSink exists. */
  has(namespace: string, name: string): boolean;
  /** Records a Job for the event, durably, before returning; `created` is false for a duplicate. */
  accept(namespace: string, name: string, event: JobSinkEvent): { created: boolean; job: string };
  /** The state of the event's Job, undefined when there is none. */
  state(namespace: string, name: string, source: string, id: string): JobState | undefined;
}

export interface JobSinkReceiverOptions {
  backend: JobSinkBackend;
  /** @defaultValue 1 MiB */
  maxBodyBytes?: number;
  logger?: Logger;
  /** Told of every answered POST: the JobSink and the status it got. */
  onResult?: (namespace: string, name: string, status: number) => void;
}

class ReceiveError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Knative's locationHeader. */
export function locationOf(namespace: string, name: string, source: string, id: string): string {
  const e = encodeURIComponent;
  return `/namespaces/${e(namespace)}/name/${e(name)}/sources/${e(source)}/ids/${e(id)}`;
}

export class JobSinkReceiver {
  private readonly maxBodyBytes: number;

  constructor(private readonly opts: JobSinkReceiverOptions) {
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** Handles requests for the job-sink host and returns true; false for any other host. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (!HOSTS.has(normalizeHost(req.headers.host ?? ''))) return false;
    const parts = (req.url ?? '/').split('?')[0]!.replace(/\/$/, '').split('/').slice(1);
    let segments: string[];
    try {
      segments = parts.map((p) => decodeURIComponent(p));
    } catch {
      this.answer(req, res, 400, {}, `malformed path ${req.url}`);
      return true;
    }
    if (req.method === 'POST' && segments.length === 2) void this.post(req, res, segments[0]!, segments[1]!);
    else if (req.method === 'GET' && segments.length === 8 && segments[0] === 'namespaces')
      this.get(req, res, segments);
    else if (req.method !== 'POST' && req.method !== 'GET')
      this.answer(
        req,
        res,
        405,
        { allow: 'POST, GET' },
        `method ${req.method} not allowed: send events with POST`,
      );
    else this.answer(req, res, 400, {}, `malformed path ${req.url}: expected /{namespace}/{jobsink}`);
    return true;
  }

  private async post(
    req: IncomingMessage,
    res: ServerResponse,
    namespace: string,
    name: string,
  ): Promise<void> {
    let status = 202;
    try {
      if (!this.opts.backend.has(namespace, name))
        throw new ReceiveError(404, `jobsink ${namespace}/${name} not found`);
      const event = await this.readEvent(req);
      const { job } = this.opts.backend.accept(namespace, name, event);
      this.answer(req, res, 202, {
        location: locationOf(namespace, name, event.source, event.id),
        'x-ebb-job': job,
      });
    } catch (err) {
      if (err instanceof ClientAbortedError) return;
      const known = err instanceof ReceiveError;
      status = known ? err.status : 500;
      if (!known)
        this.opts.logger?.error('jobsink: could not record the job', {
          jobsink: `${namespace}/${name}`,
          err,
        });
      const message = known ? err.message : `could not record the job: ${(err as Error).message}`;
      this.answer(
        req,
        res,
        status,
        known ? {} : { reason: (err as Error).message.replace(/[\r\n]/g, ' ') },
        message,
      );
    }
    this.opts.onResult?.(namespace, name, status);
  }

  private async readEvent(req: IncomingMessage): Promise<JobSinkEvent> {
    let body: Buffer;
    try {
      body = await readBody(req, this.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError)
        throw new ReceiveError(
          413,
          `request body larger than the JobSink limit of ${this.maxBodyBytes} bytes`,
        );
      throw err;
    }
    try {
      const events = parseHttpEvents(req.headers, body);
      if (events.length !== 1)
        throw new ReceiveError(400, 'a JobSink takes one event per request: batch mode is not supported');
      const event = events[0]!;
      const json = toStructuredJson(event);
      if (Buffer.byteLength(json) > this.maxBodyBytes)
        throw new ReceiveError(
          413,
          `the event is larger than the JobSink limit of ${this.maxBodyBytes} bytes`,
        );
      return { id: event.attributes.id!, source: event.attributes.source!, json };
    } catch (err) {
      if (!(err instanceof CloudEventError)) throw err;
      const binary = req.headers['ce-specversion'] !== undefined;
      const where = binary && err.attribute ? ` (header ce-${err.attribute})` : '';
      throw new ReceiveError(err.status, `${err.reason}${where}`);
    }
  }

  private get(req: IncomingMessage, res: ServerResponse, s: string[]): void {
    if (s[2] !== 'name' || s[4] !== 'sources' || s[6] !== 'ids') {
      this.answer(req, res, 400, {}, `malformed path ${req.url}`);
      return;
    }
    const [namespace, name, source, id] = [s[1]!, s[3]!, s[5]!, s[7]!];
    if (!this.opts.backend.has(namespace, name)) {
      this.answer(req, res, 404, {}, `jobsink ${namespace}/${name} not found`);
      return;
    }
    const state = this.opts.backend.state(namespace, name, source, id);
    if (state === undefined) this.answer(req, res, 404, {}, `no job for event ${id} from ${source}`);
    else if (state === 'Complete') this.answer(req, res, 200, { reason: 'Complete' });
    else if (state === 'Failed') this.answer(req, res, 400, { reason: 'Failed' });
    else this.answer(req, res, 202, { location: locationOf(namespace, name, source, id) });
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    text?: string,
  ): void {
    if (res.headersSent || res.destroyed) return;
    const body = text === undefined ? '' : `${text}\n`;
    const unread = !req.complete;
    res.writeHead(status, {
      ...headers,
      ...(text === undefined ? {} : { 'content-type': 'text/plain; charset=utf-8' }),
      'content-length': Buffer.byteLength(body),
      ...(unread ? { connection: 'close' } : {}),
    });
    res.end(body);
    if (unread) req.resume();
  }
}
