/**
 * Per-revision admission: which replica takes a request, and who waits. With containerConcurrency N > 0 a
 * replica has at most N requests in flight (Knative's queue-proxy breaker, enforced here instead of in a
 * sidecar); with 0 it is unlimited. A request that finds no free slot — or no ready replica at all — waits
 * in the revision's FIFO queue, bounded by `maxQueue`, and is handed to the first replica that frees a slot
 * or appears. Picks are least-loaded among replicas with a free slot, ties broken round-robin.
 *
 * A replica taken out of rotation (gone from the endpoint set, or drained) gets no new requests; its
 * in-flight ones finish, then its connection pool closes and drain waiters resolve.
 */
import type { Dispatcher } from 'undici';
import type { ReplicaEndpoint, RevisionKey, RevisionTrafficConfig } from '../types.js';
import { type QueueLinks, WaitQueue } from './wait-queue.js';

/** A request as the limiter sees it: queued, then handed a replica. */
export interface Waiter extends QueueLinks {
  dispatch(replica: Replica): void;
}

export type CreateUpstream = (endpoint: ReplicaEndpoint) => Dispatcher;

export class Replica {
  readonly id: string;
  readonly endpoint: ReplicaEndpoint;
  readonly upstream: Dispatcher;
  inFlight = 0;
  /** Out of rotation: not in the endpoint set, or drained. */
  removed = false;
  readonly idleWaiters: (() => void)[] = [];

  constructor(endpoint: ReplicaEndpoint, upstream: Dispatcher) {
    this.id = endpoint.id;
    this.endpoint = endpoint;
    this.upstream = upstream;
  }
}

/** The revision's limits with durations in milliseconds (0 = none). */
export interface Limits {
  config: RevisionTrafficConfig;
  containerConcurrency: number;
  timeoutMs: number;
  responseStartMs: number;
  idleMs: number;
}

export function toLimits(config: RevisionTrafficConfig): Limits {
  const ms = (s: number | undefined) => (s && s > 0 ? Math.round(s * 1000) : 0);
  return {
    config,
    containerConcurrency: Math.max(0, Math.floor(config.containerConcurrency)),
    timeoutMs: ms(config.timeoutSeconds),
    responseStartMs: ms(config.responseStartTimeoutSeconds),
    idleMs: ms(config.idleTimeoutSeconds),
  };
}

export type Admission = 'dispatched' | 'queued' | 'full';

/** Knative's queue-proxy breaker queue depth, in multiples of containerConcurrency per replica. */
export const QUEUE_DEPTH_PER_SLOT = 10;

export class RevisionLimiter {
  readonly key: RevisionKey;
  limits: Limits;
  readonly queue = new WaitQueue<Waiter>();
  /** Requests currently at a replica. */
  inFlight = 0;
  readonly #maxQueue: number;
  readonly #createUpstream: CreateUpstream;
  /** Replicas in rotation. */
  #active: Replica[] = [];
  /** Every replica in rotation or still finishing requests. */
  readonly #replicas = new Map<string, Replica>();
  /** Drained replica ids: never back in rotation, even when still listed while they shut down. */
  readonly #drained = new Set<string>();
  #next = 0;

  constructor(key: RevisionKey, limits: Limits, maxQueue: number, createUpstream: CreateUpstream) {
    this.key = key;
    this.limits = limits;
    this.#maxQueue = maxQueue;
    this.#createUpstream = createUpstream;
  }

  /**
   * Requests that may wait. The router is both Knative's activator (which buffers requests while a revision
   * scales, bounded by `maxQueue`) and its queue-proxies (10 × containerConcurrency per replica), so the
   * larger of the two bounds applies.
   */
  queueBound(): number {
    const cc = this.limits.config.containerConcurrency;
    return cc > 0
      ? Math.max(this.#maxQueue, QUEUE_DEPTH_PER_SLOT * cc * this.#active.length)
      : this.#maxQueue;
  }

  get readyReplicas(): number {
    return this.#active.length;
  }

  /** Hands the waiter a replica now, or queues it; `avoid` is skipped when another replica is free. */
  admit(w: Waiter, avoid?: Replica): Admission {
    const r = this.#pick(avoid);
    if (r !== undefined) {
      this.#assign(r, w);
      return 'dispatched';
    }
    if (this.queue.length >= this.queueBound()) return 'full';
    this.queue.push(w);
    return 'queued';
  }

  /** A request at `r` finished: its slot goes to the oldest waiter, if any. */
  release(r: Replica): void {
    r.inFlight--;
    this.inFlight--;
    if (r.removed) {
      if (r.inFlight === 0) this.#retire(r);
      return;
    }
    if (this.queue.length > 0) {
      const cc = this.limits.containerConcurrency;
      if (cc === 0 || r.inFlight < cc) this.#assign(r, this.queue.shift()!);
    }
  }

  setLimits(limits: Limits): void {
    this.limits = limits;
    this.#pump();
  }

  /** Replaces the ready set: new replicas join rotation, missing ones leave it (in-flight requests finish). */
  setEndpoints(endpoints: readonly ReplicaEndpoint[]): void {
    const wanted = new Set<string>();
    for (const ep of endpoints) wanted.add(ep.id);
    for (const r of [...this.#active]) if (!wanted.has(r.id)) this.#takeOut(r);
    for (const id of this.#drained) if (!wanted.has(id)) this.#drained.delete(id);
    for (const ep of endpoints) {
      if (this.#drained.has(ep.id)) continue;
      const known = this.#replicas.get(ep.id);
      if (known === undefined) {
        const r = new Replica(ep, this.#createUpstream(ep));
        this.#replicas.set(r.id, r);
        this.#active.push(r);
      } else if (known.removed) {
        known.removed = false;
        this.#active.push(known);
      }
    }
    this.#pump();
  }

  replica(id: string): Replica | undefined {
    return this.#replicas.get(id);
  }

  /** Takes the replica out of rotation for good; calls `done` once it has no requests in flight. */
  drain(r: Replica, done: () => void): void {
    this.#drained.add(r.id);
    if (r.inFlight > 0) r.idleWaiters.push(done);
    if (!r.removed) this.#takeOut(r);
    if (r.inFlight === 0) done();
  }

  /** Takes every replica out of rotation and empties the queue; returns the waiters that were queued. */
  close(): Waiter[] {
    for (const r of [...this.#active]) this.#takeOut(r);
    const waiting: Waiter[] = [];
    for (let w = this.queue.shift(); w !== undefined; w = this.queue.shift()) waiting.push(w);
    return waiting;
  }

  #assign(r: Replica, w: Waiter): void {
    r.inFlight++;
    this.inFlight++;
    w.dispatch(r);
  }

  #pump(): void {
    while (this.queue.length > 0) {
      const r = this.#pick(undefined);
      if (r === undefined) return;
      this.#assign(r, this.queue.shift()!);
    }
  }

  /** Least in-flight among replicas with a free slot; the scan starts after the last pick (round-robin ties). */
  #pick(avoid: Replica | undefined): Replica | undefined {
    const active = this.#active;
    const n = active.length;
    if (n === 0) return undefined;
    const cc = this.limits.containerConcurrency;
    let best: Replica | undefined;
    let bestIndex = 0;
    let i = this.#next < n ? this.#next : 0;
    for (let k = 0; k < n; k++, i = i + 1 === n ? 0 : i + 1) {
      const r = active[i]!;
      if ((cc > 0 && r.inFlight >= cc) || r === avoid) continue;
      if (best === undefined || r.inFlight < best.inFlight) {
        best = r;
        bestIndex = i;
        if (r.inFlight === 0) break;
      }
    }
    if (best === undefined) {
      if (avoid === undefined || avoid.removed || (cc > 0 && avoid.inFlight >= cc)) return undefined;
      return avoid;
    }
    this.#next = bestIndex + 1;
    return best;
  }

  #takeOut(r: Replica): void {
    r.removed = true;
    const i = this.#active.indexOf(r);
    if (i !== -1) this.#active.splice(i, 1);
    if (r.inFlight === 0) this.#retire(r);
  }

  #retire(r: Replica): void {
    if (this.#replicas.get(r.id) === r) this.#replicas.delete(r.id);
    r.upstream.close().catch(() => {});
    const waiters = r.idleWaiters.splice(0);
    for (const done of waiters) done();
  }
}
