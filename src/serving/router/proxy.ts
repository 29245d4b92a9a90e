/**
 * One proxied request, from admission to the last byte. The object is at once the limiter's waiter and
 * undici's dispatch handler, so a request costs one object, its header list and its timers.
 *
 * Bodies stream both ways: the client's request stream is the upstream body, and response chunks are
 * written to the client as they arrive, with backpressure (a full client socket pauses the upstream
 * parser until `drain`). Timeouts follow Knative's revision fields:
 * - `timeoutSeconds` bounds the whole request, queueing included: still queued → 503, dispatched without a
 *   response → 504, response under way → the connection is cut (the status line is gone already);
 * - `responseStartTimeoutSeconds` runs from dispatch until response headers → 504;
 * - `idleTimeoutSeconds` runs from dispatch and restarts on every response chunk → 504, or a cut.
 * A connection failure before any response (refused, reset) is retried once, on another replica when one
 * is free, if the request has no body to replay; otherwise it is a 502 naming the replica.
 *
 * Uses undici's handler callbacks (`onConnect`/`onHeaders`/`onData`/`onComplete`/`onError`), which its
 * client calls directly; the newer controller API goes through a wrapper that parses headers into an
 * object we would only flatten again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { RevisionKey } from '../types.js';
import {
  BadRequestTargetError,
  IdleTimeoutError,
  NoFreeReplicaError,
  NoReadyReplicaError,
  QueueFullError,
  RequestTimeoutError,
  ResponseStartTimeoutError,
  type RouterError,
  UpstreamError,
  writeRouterError,
} from './errors.js';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './headers.js';
import type { Replica, RevisionLimiter, Waiter } from './limiter.js';
import type { QueueLinks } from './wait-queue.js';

/** What a request reports back to its router (`hooks` is the router's, read at each use). */
export interface ProxyHooks {
  hooks: {
    onRequestStart?: (key: RevisionKey) => void;
    onRequestEnd?: (key: RevisionKey, status: number, latencyMs: number) => void;
    reasonFor?: (key: RevisionKey) => string | undefined;
  };
  onError: (key: RevisionKey, err: RouterError) => void;
}

/** Failures worth one more try: the request never reached the replica's application. */
const RETRYABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export class ProxyRequest implements Waiter {
  prev: QueueLinks | null = null;
  next: QueueLinks | null = null;
  queued = false;

  readonly #hooks: ProxyHooks;
  readonly #limiter: RevisionLimiter;
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  #replica: Replica | null = null;
  #options: Dispatcher.DispatchOptions | null = null;
  #done = false;
  #retried = false;
  #abortUpstream: ((err?: Error) => void) | null = null;
  #resume: (() => void) | null = null;
  #timer: NodeJS.Timeout | undefined;
  #startTimer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  /** `performance.now()` at admission, for the request's latency (queueing included). */
  #startedAt = 0;

  constructor(hooks: ProxyHooks, limiter: RevisionLimiter, req: IncomingMessage, res: ServerResponse) {
    this.#hooks = hooks;
    this.#limiter = limiter;
    this.#req = req;
    this.#res = res;
  }

  /** Admits the request: dispatched now, queued, or refused with 503 when the queue is full. */
  start(): void {
    this.#startedAt = performance.now();
    this.#hooks.hooks.onRequestStart?.(this.#limiter.key);
    this.#res.on('close', this.#onClientClose);
    const { timeoutMs } = this.#limiter.limits;
    if (timeoutMs > 0) this.#timer = setTimeout(this.#onTimeout, timeoutMs);
    const waiting = this.#limiter.queue.length;
    if (this.#limiter.admit(this) === 'full') {
      const { key, limits } = this.#limiter;
      this.fail(new QueueFullError(waiting, key, limits.containerConcurrency));
    }
  }

  /** Called by the limiter with a slot reserved on `replica`. */
  dispatch(replica: Replica): void {
    if (this.#done) {
      this.#limiter.release(replica); // finished while being handed over: give the slot back
      return;
    }
    this.#replica = replica;
    const { responseStartMs, idleMs } = this.#limiter.limits;
    if (responseStartMs > 0) this.#startTimer = setTimeout(this.#onResponseStartTimeout, responseStartMs);
    if (idleMs > 0) this.#idleTimer = setTimeout(this.#onIdleTimeout, idleMs);
    const options = this.#options ?? this.#buildOptions();
    if (options === null) return;
    replica.upstream.dispatch(options, this);
  }

  // undici handler -----------------------------------------------------------------------------------

  onConnect(abort: (err?: Error) => void): void {
    if (this.#done) abort();
    else this.#abortUpstream = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (this.#done) return false;
    if (statusCode < 200) return true; // 1xx: Node's server speaks for itself (100 Continue).
    if (this.#startTimer !== undefined) {
      clearTimeout(this.#startTimer);
      this.#startTimer = undefined;
    }
    this.#idleTimer?.refresh();
    this.#resume = resume;
    try {
      this.#res.writeHead(statusCode, statusText || undefined, downstreamResponseHeaders(rawHeaders));
    } catch (err) {
      this.fail(new UpstreamError(this.#replica!.id, err)); // a header Node refuses to send
      return false;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#done) return false;
    this.#idleTimer?.refresh();
    if (this.#res.write(chunk)) return true;
    this.#res.once('drain', this.#onDrain);
    return false;
  }

  onComplete(): void {
    if (this.#done) return;
    this.#done = true;
    this.#res.end();
    this.#finish();
  }

  onError(err: Error): void {
    if (this.#done) return;
    const replica = this.#replica!;
    if (this.#canRetry(err)) {
      this.#retried = true;
      this.#abortUpstream = null;
      this.#clearDispatchTimers();
      this.#replica = null;
      this.#limiter.release(replica);
      if (this.#limiter.admit(this, replica) === 'full') this.fail(new UpstreamError(replica.id, err));
      return;
    }
    this.fail(new UpstreamError(replica.id, err));
  }

  // --------------------------------------------------------------------------------------------------

  #buildOptions(): Dispatcher.DispatchOptions | null {
    const req = this.#req;
    let path = req.url ?? '/';
    if (path.charCodeAt(0) !== 0x2f /* / */) {
      const origin = absolutePath(path);
      if (origin === undefined) {
        this.fail(new BadRequestTargetError(path));
        return null;
      }
      path = origin;
    }
    const headers: string[] = [];
    const hasBody = upstreamRequestHeaders(req, headers);
    this.#options = {
      path,
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body: hasBody ? req : null,
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    return this.#options;
  }

  #canRetry(err: Error): boolean {
    if (this.#retried || this.#res.headersSent || this.#options?.body != null) return false;
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && RETRYABLE.has(code);
  }

  /** Ends the request with an error response (or a cut connection once the response has started). */
  fail(err: RouterError): void {
    if (this.#done) return;
    this.#done = true;
    const abort = this.#abortUpstream;
    if (abort !== null) {
      this.#abortUpstream = null;
      abort(err);
    }
    this.#hooks.onError(this.#limiter.key, err);
    writeRouterError(this.#res, err);
    this.#finish();
  }

  /** Frees the slot, the timers and the queue place; runs exactly once, after `#done` is set. */
  #finish(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#clearDispatchTimers();
    this.#limiter.queue.remove(this);
    const replica = this.#replica;
    if (replica !== null) {
      this.#replica = null;
      this.#limiter.release(replica);
    }
    // The status the client got; 499 (nginx's "client closed request") when it left before any answer.
    const status = this.#res.headersSent ? this.#res.statusCode : 499;
    this.#hooks.hooks.onRequestEnd?.(this.#limiter.key, status, performance.now() - this.#startedAt);
  }

  #clearDispatchTimers(): void {
    if (this.#startTimer !== undefined) clearTimeout(this.#startTimer);
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#startTimer = undefined;
    this.#idleTimer = undefined;
  }

  readonly #onDrain = (): void => {
    this.#resume?.();
  };

  readonly #onClientClose = (): void => {
    if (this.#done || this.#res.writableFinished) return;
    this.#done = true;
    const abort = this.#abortUpstream;
    this.#abortUpstream = null;
    abort?.();
    this.#finish();
  };

  readonly #onTimeout = (): void => {
    this.#timer = undefined;
    const { key, limits } = this.#limiter;
    const seconds = limits.config.timeoutSeconds;
    if (this.queued) {
      const ready = this.#limiter.readyReplicas;
      this.fail(
        ready === 0
          ? new NoReadyReplicaError(key, seconds, this.#hooks.hooks.reasonFor?.(key))
          : new NoFreeReplicaError(key, seconds, ready, limits.containerConcurrency),
      );
    } else {
      this.fail(new RequestTimeoutError(key, seconds));
    }
  };

  readonly #onResponseStartTimeout = (): void => {
    this.#startTimer = undefined;
    if (this.#res.headersSent) return;
    const { key, limits } = this.#limiter;
    this.fail(new ResponseStartTimeoutError(key, limits.config.responseStartTimeoutSeconds ?? 0));
  };

  readonly #onIdleTimeout = (): void => {
    this.#idleTimer = undefined;
    const { key, limits } = this.#limiter;
    this.fail(new IdleTimeoutError(key, limits.config.idleTimeoutSeconds ?? 0));
  };
}

/** The path and query of an absolute-form target (`http://host/p?q`), else undefined. */
function absolutePath(target: string): string | undefined {
  if (!/^https?:\/\//i.test(target)) return undefined;
  try {
    const url = new URL(target);
    return url.pathname + url.search;
  } catch {
    return undefined;
  }
}
