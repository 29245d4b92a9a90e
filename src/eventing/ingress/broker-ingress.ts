/**
 * The broker ingress: Knative's broker-ingress on the shared ingress port, path-based
 * (`POST /{namespace}/{broker}`). It speaks the CloudEvents HTTP binding (binary, structured, batch), stamps
 * `knativearrivaltime` and `knativebrokerttl`, appends every event of a request in one `EventLog.append`
 * and answers 202 only once that append is durable. A request is all or nothing: one bad event in a batch
 * rejects the batch, an append failure answers 500, and a client that leaves mid-body stores nothing.
 *
 * Channels are served here too, by Host instead of path (Knative's channel dispatchers are addressed as
 * `{name}-kn-channel.{namespace}.svc.cluster.local`): the same all-or-nothing durable append to the
 * channel's stream, without the broker's arrival-time and TTL extensions (Knative's channels add none).
 *
 * Each event keeps its trace context in the log: the request's `traceparent` header, else the event's own
 * `traceparent` extension, else a new trace, becomes the parent of the ingress hop, whose context is
 * written into the event's extension before the append (observe/tracing/hops.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log.js';
import { endAll, type HopSpan, traceIngress } from '../../observe/tracing/hops.js';
import { normalizeHost } from '../../serving/router/route-table.js';
import { CloudEventError, parseHttpEvents } from '../cloudevents/index.js';
import type { EventLog, EventRecord } from '../types.js';
import { readBody } from './body.js';
import {
  AppendFailedError,
  BrokerNotFoundError,
  ClientAbortedError,
  IngressError,
  MethodNotAllowedError,
} from './errors.js';
import { stampIngress } from './ttl.js';

/** The CloudEvents HTTP binding has no body limit; Knative's ingress reads whatever arrives. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
const ALLOW = 'POST, OPTIONS';

export interface BrokerIngressOptions {
  /** Where accepted events are appended; one stream per broker. */
  log: EventLog;
  /** Largest request body accepted, bytes. @defaultValue 4 MiB */
  maxBodyBytes?: number;
  logger?: Logger;
  /** Called after a request's events are durable and 202 is sent. */
  onAccepted?: (namespace: string, broker: string, count: number) => void;
  /** Called once a request's events are durable, with their offsets (for the dashboard, traces). */
  onAppended?: (appended: AppendedEvents) => void;
  /** Called when a request is refused (status ≥ 400), with the status it got. */
  onRejected?: (namespace: string, broker: string, status: number) => void;
}

export interface BrokerTarget {
  /** The EventLog stream the broker's events go to (`namespace/name`). */
  stream: string;
}

/** Events one request appended, and to what. */
export interface AppendedEvents {
  kind: 'broker' | 'channel';
  namespace: string;
  name: string;
  stream: string;
  offsets: number[];
  events: EventRecord[];
}

/** A channel served by Host: its stream and its object's namespace and name (for errors and hooks). */
export interface ChannelTarget {
  stream: string;
  namespace: string;
  name: string;
}

export class BrokerIngress {
  private readonly log: EventLog;
  private readonly maxBodyBytes: number;
  private readonly logger: Logger | undefined;
  private readonly opts: BrokerIngressOptions;
  private readonly brokers = new Map<string, BrokerTarget>();
  /** Channels by normalized host. */
  private readonly channels = new Map<string, ChannelTarget>();
  /** Request URLs already parsed (a broker's clients post to the same few URLs). */
  private readonly paths = new Map<string, BrokerPath | null>();
  private readonly clock = new ArrivalClock();

  constructor(opts: BrokerIngressOptions) {
    this.opts = opts;
    this.log = opts.log;
    this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.logger = opts.logger;
  }

  setBroker(namespace: string, name: string, target: BrokerTarget): void {
    this.brokers.set(`${namespace}/${name}`, { stream: target.stream });
  }

  removeBroker(namespace: string, name: string): void {
    this.brokers.delete(`${namespace}/${name}`);
  }

  /** Serves a channel at `host` (no port, lower case), appending to `target.stream`. */
  setChannel(host: string, target: ChannelTarget): void {
    this.channels.set(host, { ...target });
  }

  removeChannel(host: string): void {
    this.channels.delete(host);
  }

  /** Hosts of the channels served. */
  channelHosts(): string[] {
    return [...this.channels.keys()].sort();
  }

  /** Brokers served, as `namespace/name`. */
  brokerKeys(): string[] {
    return [...this.brokers.keys()];
  }

  /**
   * Handles `/{namespace}/{broker}` and returns true; returns false for any other path shape so the next
   * ingress handler can try. Requests for Knative Services never get here (the router matches by host first).
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const channel =
      this.channels.size > 0 ? this.channels.get(normalizeHost(req.headers.host ?? '')) : undefined;
    if (channel) {
      this.serve(req, res, channel.namespace, channel.name, channel.stream, false);
      return true;
    }
    const target = this.parsePath(req.url ?? '');
    if (!target) return false;
    const { namespace, name } = target;
    const broker = this.brokers.get(target.key);
    if (!broker) this.refuse(req, res, namespace, name, new BrokerNotFoundError(namespace, name));
    else this.serve(req, res, namespace, name, broker.stream, true);
    return true;
  }

  private serve(
    req: IncomingMessage,
    res: ServerResponse,
    namespace: string,
    name: string,
    stream: string,
    stamp: boolean,
  ): void {
    if (req.method === 'OPTIONS') {
      // CloudEvents webhook abuse protection: any origin may deliver, at any rate.
      res.writeHead(200, {
        allow: ALLOW,
        'webhook-allowed-origin': '*',
        'webhook-allowed-rate': '*',
        'content-length': 0,
      });
      res.end();
    } else if (req.method !== 'POST') {
      this.refuse(req, res, namespace, name, new MethodNotAllowedError(req.method ?? ''), { allow: ALLOW });
    } else {
      void this.accept(req, res, namespace, name, stream, stamp);
    }
  }

  private async accept(
    req: IncomingMessage,
    res: ServerResponse,
    namespace: string,
    name: string,
    stream: string,
    stamp: boolean,
  ): Promise<void> {
    let events: EventRecord[];
    let spans: HopSpan[] | undefined;
    try {
      const body = await readBody(req, this.maxBodyBytes);
      events = parseHttpEvents(req.headers, body);
      if (stamp) {
        const arrivalTime = this.clock.now();
        for (const event of events) stampIngress(event, arrivalTime);
      }
      const { traceparent, tracestate } = req.headers;
      spans = traceIngress(stamp ? 'broker' : 'channel', namespace, name, traceparent, tracestate, events);
    } catch (err) {
      if (err instanceof ClientAbortedError) return;
      this.refuse(req, res, namespace, name, toIngressError(err));
      return;
    }
    let offsets: number[] = [];
    if (events.length > 0) {
      try {
        offsets = await this.log.append(stream, events);
      } catch (err) {
        this.logger?.error('append failed', { broker: `${namespace}/${name}`, error: err });
        const failure = new AppendFailedError(stream, err);
        endAll(spans, { status: failure.status, error: failure.message });
        this.refuse(req, res, namespace, name, failure);
        return;
      }
    }
    if (!res.destroyed) {
      res.writeHead(202, { 'content-length': 0 });
      res.end();
    }
    endAll(spans, { status: 202 });
    this.opts.onAccepted?.(namespace, name, events.length);
    if (offsets.length > 0) {
      const kind = stamp ? 'broker' : 'channel';
      this.opts.onAppended?.({ kind, namespace, name, stream, offsets, events });
    }
  }

  /**
   * brokerPath, remembered per URL: splitting and percent-decoding every request's path was a visible part
   * of the ingress's CPU. Bounded: a client inventing URLs only empties the memo now and then.
   */
  private parsePath(url: string): BrokerPath | undefined {
    let parsed = this.paths.get(url);
    if (parsed === undefined) {
      const path = brokerPath(url);
      parsed = path ? { namespace: path[0], name: path[1], key: `${path[0]}/${path[1]}` } : null;
      if (url.length > MAX_REMEMBERED_URL_LENGTH) return parsed ?? undefined;
      if (this.paths.size >= MAX_REMEMBERED_PATHS) this.paths.clear();
      this.paths.set(url, parsed);
    }
    return parsed ?? undefined;
  }

  private refuse(
    req: IncomingMessage,
    res: ServerResponse,
    namespace: string,
    name: string,
    err: IngressError,
    headers: Record<string, string> = {},
    drained = false,
  ): void {
    if (res.headersSent || res.destroyed) return;
    const body = `${err.message}\n`;
    const unread = !req.complete && !drained;
    const declared = Number(req.headers['content-length']);
    if (!drained && unread && Number.isFinite(declared) && declared <= MAX_DRAIN_BYTES) {
      // Read and discard a moderately sized unread body first, so the client sees the answer instead of a
      // reset connection mid-upload; anything larger is cut off below.
      req.resume();
      req.once('end', () => this.refuse(req, res, namespace, name, err, headers, true));
      req.once('error', () => res.destroy());
      return;
    }
    this.opts.onRejected?.(namespace, name, err.status);
    // A body too large to drain is not read: the connection closes.
    res.writeHead(err.status, {
      ...headers,
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'x-ebb-error': err.code,
      ...(unread ? { connection: 'close' } : {}),
    });
    res.end(body);
  }
}

/** Unread request bodies up to this size are drained before an error answer; larger ones are cut off. */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;
/** Distinct request URLs whose parse the ingress keeps. */
const MAX_REMEMBERED_PATHS = 1_024;
/** Longer URLs are parsed every time, so the memo stays small (≤ 1,024 × 256 characters). */
const MAX_REMEMBERED_URL_LENGTH = 256;

interface BrokerPath {
  namespace: string;
  name: string;
  /** `namespace/name`, the key of `brokers`. */
  key: string;
}

/**
 * `knativearrivaltime` for requests arriving now: the ISO string is made once per millisecond, not once
 * per request (Date#toISOString was ~1 µs a request).
 */
class ArrivalClock {
  private ms = -1;
  private iso = '';

  now(): string {
    const ms = Date.now();
    if (ms !== this.ms) {
      this.ms = ms;
      this.iso = new Date(ms).toISOString();
    }
    return this.iso;
  }
}

/** `[namespace, broker]` for a path of exactly two non-empty segments (a trailing slash allowed). */
export function brokerPath(url: string | undefined): [string, string] | undefined {
  if (url?.charCodeAt(0) !== 47 /* / */) return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const parts = path.split('/');
  // '', ns, name [, '']
  if (parts.length === 4 && parts[3] === '') parts.pop();
  if (parts.length !== 3 || !parts[1] || !parts[2]) return undefined;
  try {
    return [decodeURIComponent(parts[1]), decodeURIComponent(parts[2])];
  } catch {
    return undefined;
  }
}

function toIngressError(err: unknown): IngressError {
  if (err instanceof IngressError) return err;
  if (err instanceof CloudEventError) {
    return new IngressError('EBB_INGRESS_BAD_EVENT', err.status, err.message, { cause: err });
  }
  return new IngressError('EBB_INGRESS_BAD_EVENT', 400, err instanceof Error ? err.message : String(err), {
    cause: err,
  });
}
