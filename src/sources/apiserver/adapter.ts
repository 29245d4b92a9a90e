/**
 * One ApiServerSource's adapter: Knative's apiserver receive adapter over Ebb's own store. It watches
 * each `resources` entry (the store's watch, with the entry's label selector, so an object that stops
 * matching arrives as a delete, as a Kubernetes watch has it), keeps what passes the namespace, owner and
 * `filters` rules, and sends each as a CloudEvent (events.ts) through Knative's adapter client (ping's
 * send.ts), one at a time in resourceVersion order.
 *
 * Where Ebb differs, on purpose: Knative's adapter starts from "now" each time its pod starts and drops an
 * event its retries could not deliver. Ebb keeps a checkpoint (checkpoints.ts) and resumes from it, so
 * every change from the source's first start on is sent at least once, in order:
 * - a change is settled when the sink accepted it, refused it with a status the SDK does not retry (400,
 *   500, ... — dropped, as Knative drops it), or the source's rules left it out;
 * - while the sink keeps failing with what the SDK retries (no connection, 502/503/504, 429, 404...),
 *   the adapter waits (1 s, doubling to 30 s) and tries the same event again, holding the changes after it;
 * - the checkpoint moves only over settled changes (and, when idle, to the store's head), and a
 *   redelivered change carries the same event id.
 * The store keeps the last 10,000 changes; a checkpoint older than that (410 Gone) resumes at the head,
 * said in the log.
 */
import type { Dispatcher } from 'undici';
import type { KObject } from '../../api/object.js';
import { ApiError } from '../../errors.js';
import { StopSignal } from '../../eventing/dispatcher/index.js';
import { type CesqlCompiler, compileFilters, type Predicate } from '../../eventing/filters/dialects.js';
import type { EventRecord } from '../../eventing/types.js';
import type { Logger } from '../../log.js';
import type { ResourceStore, WatchEvent, WatchEventType, Watcher } from '../../store/index.js';
import { applyOverrides, type SendOptions, sendEvent } from '../ping/send.js';
import type { CheckpointStore } from './checkpoints.js';
import { type ApiServerSourceMode, apiServerEvent, uuidV5 } from './events.js';

/** Longest wait between rounds of retries to a sink that keeps failing. */
export const MAX_HOLD_MS = 30_000;
const FIRST_HOLD_MS = 1_000;
/** How often settled-but-unwritten progress is written, and an idle checkpoint moved to the head. */
const IDLE_FLUSH_MS = 1_000;

export interface ResourceWatch {
  /** The store's resource, `plural.group`. */
  resource: string;
  namespaced: boolean;
  /** Label selector in string form; '' selects everything. */
  labelSelector: string;
}

export interface ApiServerAdapterConfig {
  uid: string;
  namespace: string;
  name: string;
  sinkUri: string;
  mode: ApiServerSourceMode;
  /** The API server URL, the events' `source`. */
  source: string;
  resources: ResourceWatch[];
  /** Namespaces of namespaced resources to watch; undefined = all. */
  namespaces?: string[] | undefined;
  /** Only objects whose controller has this apiVersion and/or kind (`spec.owner`). */
  owner?: { apiVersion?: string | undefined; kind?: string | undefined } | undefined;
  /** `spec.filters` (the Subscriptions API dialects). */
  filters?: unknown[] | undefined;
  /** `ceOverrides.extensions`. */
  extensions?: Record<string, string> | undefined;
}

export interface ApiServerAdapterOptions {
  store: ResourceStore;
  http: Dispatcher;
  log: Logger;
  checkpoints: CheckpointStore;
  cesql?: CesqlCompiler;
  /** Each send's retries and timeout (send.ts defaults: Knative's). */
  send?: Omit<SendOptions, 'stop'>;
  /** @defaultValue MAX_HOLD_MS */
  maxHoldMs?: number;
}

export interface ApiServerStats {
  /** Changes that passed the source's rules. */
  matched: number;
  /** Events the sink accepted. */
  sent: number;
  /** Events the sink refused with a status that is not retried. */
  dropped: number;
  /** Rounds of retries that ended without delivery (the event was then held and tried again). */
  failures: number;
}

interface Pending {
  rv: number;
  /** Which `resources` entry matched. */
  index: number;
  type: WatchEventType;
  object: KObject;
}

export class ApiServerAdapter {
  readonly stats: ApiServerStats = { matched: 0, sent: 0, dropped: 0, failures: 0 };
  private readonly stop = new StopSignal();
  private readonly key: string;
  private readonly namespaces: Set<string> | undefined;
  private readonly matches: Predicate;
  private watchers: Watcher[] = [];
  private queue: Pending[] = [];
  private settled = 0;
  private flushed = 0;
  private primed = false;
  private pumping: Promise<void> | undefined;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    readonly config: ApiServerAdapterConfig,
    private readonly opts: ApiServerAdapterOptions,
  ) {
    this.key = `${config.namespace}/${config.name}`;
    this.namespaces = config.namespaces ? new Set(config.namespaces) : undefined;
    this.matches = compileFilters(config.filters ?? [], opts.cesql);
  }

  /** Watches from the checkpoint (or, the first time, from now). */
  start(): void {
    const { store, checkpoints, log } = this.opts;
    let from = checkpoints.get(this.config.uid);
    if (from === undefined) {
      from = Number(store.currentResourceVersion());
      checkpoints.set(this.config.uid, this.key, from);
    }
    try {
      this.watchFrom(from);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 410 && err.status !== 504)) throw err;
      const head = Number(store.currentResourceVersion());
      log.warn('cannot resume where the source stopped; resuming at the store head', {
        source: this.key,
        checkpoint: from,
        head,
        why: err.message,
      });
      from = head;
      checkpoints.set(this.config.uid, this.key, from);
      this.watchFrom(from);
    }
    this.settled = this.flushed = from;
    // Replayed history reaches the callbacks on microtasks, one watcher after another; sending starts once
    // all of it is queued in resourceVersion order.
    setImmediate(() => {
      this.primed = true;
      this.pump();
    });
    this.idle = setInterval(() => this.onIdleTick(), IDLE_FLUSH_MS);
    this.idle.unref();
  }

  /** Stops sending (an event in flight is abandoned, to be sent again) and writes the checkpoint. */
  async close(): Promise<void> {
    this.stop.stop();
    if (this.idle) clearInterval(this.idle);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.queue = [];
    await this.pumping;
    this.flush();
  }

  private watchFrom(from: number): void {
    const { resources, namespaces } = this.config;
    try {
      resources.forEach((r, index) => {
        const namespace = r.namespaced && namespaces?.length === 1 ? namespaces[0] : undefined;
        const options = {
          resourceVersion: String(from),
          ...(r.labelSelector ? { labelSelector: r.labelSelector } : {}),
          ...(namespace ? { namespace } : {}),
        };
        this.watchers.push(this.opts.store.watch(r.resource, options, (e) => this.offer(index, e)));
      });
    } catch (err) {
      for (const w of this.watchers) w.close();
      this.watchers = [];
      throw err;
    }
  }

  private offer(index: number, e: WatchEvent): void {
    if (this.stop.stopped) return;
    const rv = Number(e.object.metadata.resourceVersion);
    if (!(rv > this.settled)) return;
    const p: Pending = { rv, index, type: e.type, object: e.object };
    let i = this.queue.length;
    while (
      i > 0 &&
      (this.queue[i - 1]!.rv > rv || (this.queue[i - 1]!.rv === rv && this.queue[i - 1]!.index > index))
    )
      i--;
    this.queue.splice(i, 0, p);
    this.pump();
  }

  private pump(): void {
    if (!this.primed || this.pumping || this.stop.stopped) return;
    this.pumping = this.drain()
      .catch((err) => this.opts.log.error('adapter stopped sending', { source: this.key, err }))
      .finally(() => {
        this.pumping = undefined;
        // Changes offered while the last pass was finishing.
        if (this.queue.length > 0) this.pump();
      });
  }

  private async drain(): Promise<void> {
    while (!this.stop.stopped && this.queue.length > 0) {
      const p = this.queue.shift()!;
      let event: EventRecord | undefined;
      try {
        event = this.eventFor(p);
      } catch (err) {
        this.opts.log.warn('cannot make an event of a change; skipped', { source: this.key, rv: p.rv, err });
      }
      if (event) {
        if (!(await this.deliver(event))) return;
        this.settle(p.rv);
        this.flush();
      } else {
        this.settle(p.rv);
      }
    }
  }

  /** The event for a change, or undefined when the source's rules leave it out. */
  private eventFor(p: Pending): EventRecord | undefined {
    const { object } = p;
    const watch = this.config.resources[p.index]!;
    if (watch.namespaced && this.namespaces && !this.namespaces.has(object.metadata.namespace ?? '')) {
      return undefined;
    }
    if (this.config.owner && !ownedAs(object, this.config.owner)) return undefined;
    const event = apiServerEvent({
      change: p.type,
      object,
      mode: this.config.mode,
      source: this.config.source,
      id: uuidV5(this.config.uid, `${p.rv}/${p.index}`),
      time: new Date(),
    });
    if (!this.matches(event)) return undefined;
    this.stats.matched++;
    applyOverrides(event.attributes, this.config.extensions);
    return event;
  }

  /** True once the event is settled (sent or dropped); false when the adapter stopped first. */
  private async deliver(event: EventRecord): Promise<boolean> {
    const { http, log } = this.opts;
    const url = this.config.sinkUri;
    for (let round = 1; ; round++) {
      const outcome = await sendEvent(http, url, event, { ...this.opts.send, stop: this.stop });
      if (outcome.ok) {
        this.stats.sent++;
        return true;
      }
      if (outcome.stopped) return false;
      if (!outcome.retriable) {
        this.stats.dropped++;
        log.warn('sink refused the event; dropped', {
          source: this.key,
          id: event.attributes.id,
          type: event.attributes.type,
          subject: event.attributes.subject,
          status: outcome.status,
        });
        return true;
      }
      this.stats.failures++;
      const hold = Math.min(FIRST_HOLD_MS * 2 ** (round - 1), this.opts.maxHoldMs ?? MAX_HOLD_MS);
      log.warn('sink unavailable; holding the event and the changes after it', {
        source: this.key,
        id: event.attributes.id,
        subject: event.attributes.subject,
        attempts: outcome.attempts,
        error: outcome.error,
        retryInMs: hold,
      });
      try {
        await this.stop.sleep(hold);
      } catch {
        return false;
      }
    }
  }

  private settle(rv: number): void {
    if (rv > this.settled) this.settled = rv;
  }

  private flush(): void {
    if (this.settled <= this.flushed) return;
    this.opts.checkpoints.set(this.config.uid, this.key, this.settled);
    this.flushed = this.settled;
  }

  /**
   * Idle (nothing queued, nothing in flight): every change up to the store's head has reached the
   * watchers already (the store publishes synchronously with its commit), so the checkpoint can move
   * there — it stays within the store's history however rarely the watched resources change.
   */
  private onIdleTick(): void {
    if (this.stop.stopped) return;
    if (this.primed && !this.pumping && this.queue.length === 0) {
      this.settle(Number(this.opts.store.currentResourceVersion()));
    }
    this.flush();
  }
}

/** Knative's controllerFilter: the object's controller reference must exist and match. */
function ownedAs(obj: KObject, owner: NonNullable<ApiServerAdapterConfig['owner']>): boolean {
  const controller = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!controller) return false;
  if (owner.apiVersion && owner.apiVersion !== controller.apiVersion) return false;
  if (owner.kind && owner.kind !== controller.kind) return false;
  return true;
}
