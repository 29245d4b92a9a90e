/**
 * The ingress router: Knative's ingress, activator and queue-proxy in one hop. It picks a route by Host,
 * a revision by traffic percent (or tag host), a replica honouring containerConcurrency, and proxies the
 * request. Requests that find no free replica — or no ready one — wait in the revision's queue until a
 * slot or an endpoint appears, or `timeoutSeconds` passes. Written by hand: no library routes by Knative
 * host and revision with per-replica concurrency limits; undici carries the bytes.
 *
 * The control plane drives it with `setRoute`/`setRevision`/`setEndpoints`; the autoscaler reads
 * `inFlight`/`queued` and the request hooks; the activator scales from zero on `onNoCapacity`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../log.js';
import type { ReplicaEndpoint, RevisionKey, RevisionTrafficConfig, RouteEntry } from '../types.js';
import { NoTrafficTargetError, RevisionRemovedError, type RouterError, writeRouterError } from './errors.js';
import { hostHeader } from './headers.js';
import { RevisionLimiter, toLimits } from './limiter.js';
import { type ProxyHooks, ProxyRequest } from './proxy.js';
import { RouteTable } from './route-table.js';
import { createUpstream } from './upstream.js';

/** Requests that may wait per revision before new ones get 503. */
export const DEFAULT_MAX_QUEUE_PER_REVISION = 1000;

/** Limits of a revision the router was not told about (Knative's defaults). */
export const DEFAULT_REVISION_CONFIG: Readonly<RevisionTrafficConfig> = {
  containerConcurrency: 0,
  timeoutSeconds: 300,
};

/** Callbacks for the autoscaler and activator; assignable after construction (`router.hooks.x = fn`). */
export interface RouterHooks {
  /** A request was assigned to the revision (it may still queue). */
  onRequestStart?: (key: RevisionKey) => void;
  /**
   * That request finished: answered, failed or abandoned by its client (`status` 499 if before any answer),
   * `latencyMs` after it was assigned (queueing included).
   */
  onRequestEnd?: (key: RevisionKey, status: number, latencyMs: number) => void;
  /** A request arrived for a revision with no ready replica (once per such request). */
  onNoCapacity?: (key: RevisionKey) => void;
  /** Why a revision has no ready replica, appended to the 503 after waiting `timeoutSeconds`. */
  reasonFor?: (key: RevisionKey) => string | undefined;
}

export interface RouterOptions extends RouterHooks {
  /** @defaultValue 1000 ({@link DEFAULT_MAX_QUEUE_PER_REVISION}) */
  maxQueuePerRevision?: number;
  /** Failures are logged here (upstream errors at warn, limits hit at debug). @defaultValue no logging */
  log?: Logger;
}

export class Router {
  readonly hooks: RouterHooks;
  readonly #routes = new RouteTable();
  readonly #revisions = new Map<RevisionKey, RevisionLimiter>();
  readonly #maxQueue: number;
  readonly #proxyHooks: ProxyHooks;

  constructor(options: RouterOptions = {}) {
    const { maxQueuePerRevision, log, ...hooks } = options;
    this.hooks = hooks;
    this.#maxQueue = maxQueuePerRevision ?? DEFAULT_MAX_QUEUE_PER_REVISION;
    this.#proxyHooks = {
      hooks,
      onError: log ? (key, err) => logFailure(log, key, err) : () => {},
    };
  }

  setRoute(entry: RouteEntry): void {
    this.#routes.set(entry);
  }

  removeRoute(id: string): void {
    this.#routes.remove(id);
  }

  /** Every host served, sorted (for the unknown-host 404). */
  hosts(): string[] {
    return this.#routes.hosts();
  }

  setRevision(key: RevisionKey, config: RevisionTrafficConfig): void {
    const limiter = this.#revisions.get(key);
    if (limiter) limiter.setLimits(toLimits(config));
    else this.#addRevision(key, config);
  }

  /** Forgets the revision: waiting requests get 503, in-flight ones finish. */
  removeRevision(key: RevisionKey): void {
    const limiter = this.#revisions.get(key);
    if (!limiter) return;
    this.#revisions.delete(key);
    const err = new RevisionRemovedError(key);
    for (const w of limiter.close()) (w as ProxyRequest).fail(err);
  }

  /** The ready replicas of a revision; a missing one gets no new requests, its in-flight ones finish. */
  setEndpoints(key: RevisionKey, endpoints: readonly ReplicaEndpoint[]): void {
    (this.#revisions.get(key) ?? this.#addRevision(key, DEFAULT_REVISION_CONFIG)).setEndpoints(endpoints);
  }

  /**
   * Takes the replica out of rotation for good and resolves when its in-flight requests have finished,
   * or after `timeoutMs`. Unknown replicas resolve at once.
   */
  drain(replicaId: string, timeoutMs: number): Promise<void> {
    for (const limiter of this.#revisions.values()) {
      const replica = limiter.replica(replicaId);
      if (!replica) continue;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        limiter.drain(replica, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return Promise.resolve();
  }

  /** Requests of the revision at a replica now. */
  inFlight(key: RevisionKey): number {
    return this.#revisions.get(key)?.inFlight ?? 0;
  }

  /** Requests of the revision waiting for a replica now. */
  queued(key: RevisionKey): number {
    return this.#revisions.get(key)?.queue.length ?? 0;
  }

  /** Replicas of the revision in rotation. */
  readyReplicas(key: RevisionKey): number {
    return this.#revisions.get(key)?.readyReplicas ?? 0;
  }

  /**
   * Serves the request when its Host is one of the routes' hosts and returns true; returns false (and
   * touches nothing) otherwise, so the caller can try the next handler or answer with `writeUnknownHost`.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const binding = this.#routes.lookup(hostHeader(req));
    if (binding === undefined) return false;
    const key = binding.revision ?? binding.split!.pick();
    if (key === undefined) {
      writeRouterError(res, new NoTrafficTargetError(binding.routeId));
      return true;
    }
    const limiter = this.#revisions.get(key) ?? this.#addRevision(key, DEFAULT_REVISION_CONFIG);
    if (limiter.readyReplicas === 0) this.hooks.onNoCapacity?.(key);
    new ProxyRequest(this.#proxyHooks, limiter, req, res).start();
    return true;
  }

  /** Stops routing: waiting requests get 503, connection pools close once idle. */
  close(): void {
    for (const key of [...this.#revisions.keys()]) this.removeRevision(key);
  }

  #addRevision(key: RevisionKey, config: RevisionTrafficConfig): RevisionLimiter {
    const limiter = new RevisionLimiter(key, toLimits(config), this.#maxQueue, createUpstream);
    this.#revisions.set(key, limiter);
    return limiter;
  }
}

function logFailure(log: Logger, key: RevisionKey, err: RouterError): void {
  const fields = { revision: key, code: err.code };
  if (err.status === 502) log.warn(err.message, fields);
  else log.debug(err.message, fields);
}
