/**
 * The event recorder (client-go's record.EventRecorder with its correlator, reduced to what Ebb needs):
 * reconcilers and the shared wrapper record Normal/Warning events about an object; an identical repeat
 * (same object, type, reason, message) bumps `count` and `lastTimestamp` of the Event it made before
 * instead of creating another. Recording never throws: a failed write is logged and dropped, so events
 * cannot fail a reconcile. Events older than the TTL, and the oldest beyond a per-namespace cap, are
 * pruned now and then.
 */
import { randomBytes } from 'node:crypto';
import type { EventType } from '../api/core/event.js';
import type { KObject } from '../api/object.js';
import type { Logger } from '../log.js';
import type { ResourceStore } from '../store/types.js';

export const EVENTS_RESOURCE = 'events';
/** kube-apiserver's default `--event-ttl`. */
export const DEFAULT_EVENT_TTL_MS = 60 * 60_000;
/** Events kept per namespace; the oldest (by lastTimestamp) go first. */
export const DEFAULT_MAX_EVENTS_PER_NAMESPACE = 1_000;
/** How often pruning runs at most, triggered by a new Event. */
export const PRUNE_INTERVAL_MS = 30_000;
/** Repeat keys remembered (an LRU); a forgotten key just creates a fresh Event. */
const MAX_REMEMBERED = 4_096;

export interface EventRecorder {
  event(obj: KObject, type: EventType, reason: string, message: string): void;
}

export interface EventRecorderOptions {
  store: ResourceStore;
  log: Logger;
  /** source.component and reportingComponent. @defaultValue 'ebb-controller' */
  component?: string;
  /** @defaultValue DEFAULT_EVENT_TTL_MS */
  ttlMs?: number;
  /** @defaultValue DEFAULT_MAX_EVENTS_PER_NAMESPACE */
  maxPerNamespace?: number;
  now?: () => number;
}

export class StoreEventRecorder implements EventRecorder {
  /** Correlation key → `namespace/name` of the Event that records it. */
  private readonly seen = new Map<string, string>();
  private readonly component: string;
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(private readonly options: EventRecorderOptions) {
    this.component = options.component ?? 'ebb-controller';
    this.now = options.now ?? Date.now;
  }

  event(obj: KObject, type: EventType, reason: string, message: string): void {
    try {
      this.record(obj, type, reason, message);
    } catch (err) {
      this.options.log.warn('recording an event failed', {
        kind: obj.kind,
        name: obj.metadata.name,
        reason,
        err,
      });
    }
  }

  private record(obj: KObject, type: EventType, reason: string, message: string): void {
    const { store } = this.options;
    // As in Kubernetes, Events about cluster-scoped objects live in `default`.
    const namespace = obj.metadata.namespace || 'default';
    const key = [
      obj.apiVersion,
      obj.kind,
      namespace,
      obj.metadata.name,
      obj.metadata.uid,
      type,
      reason,
      message,
    ].join('\u0000');
    const timestamp = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const previous = this.seen.get(key);
    if (previous !== undefined) {
      this.seen.delete(key);
      const name = previous.slice(previous.indexOf('/') + 1);
      const stored = store.get({ resource: EVENTS_RESOURCE, namespace, name });
      if (stored) {
        const count = typeof stored.count === 'number' ? stored.count + 1 : 2;
        store.update(EVENTS_RESOURCE, { ...stored, count, lastTimestamp: timestamp });
        this.remember(key, previous);
        return;
      }
    }
    const name = `${obj.metadata.name}.${randomBytes(8).toString('hex')}`;
    store.create(EVENTS_RESOURCE, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
        ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
      },
      reason,
      message,
      type,
      source: { component: this.component },
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: '',
    });
    this.remember(key, `${namespace}/${name}`);
    this.maybePrune();
  }

  private remember(key: string, ref: string): void {
    this.seen.set(key, ref);
    if (this.seen.size > MAX_REMEMBERED) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  private maybePrune(): void {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now;
    this.prune(now);
  }

  /** Deletes expired Events and, per namespace, the oldest beyond the cap. */
  prune(now: number = this.now()): number {
    const { store } = this.options;
    const ttlMs = this.options.ttlMs ?? DEFAULT_EVENT_TTL_MS;
    const max = this.options.maxPerNamespace ?? DEFAULT_MAX_EVENTS_PER_NAMESPACE;
    const byNamespace = new Map<string, { obj: KObject; at: number }[]>();
    for (const obj of store.list(EVENTS_RESOURCE).items) {
      const at = Date.parse(String(obj.lastTimestamp ?? obj.metadata.creationTimestamp ?? ''));
      const ns = obj.metadata.namespace ?? '';
      const list = byNamespace.get(ns) ?? [];
      list.push({ obj, at: Number.isNaN(at) ? 0 : at });
      byNamespace.set(ns, list);
    }
    const doomed: KObject[] = [];
    for (const list of byNamespace.values()) {
      list.sort((a, b) => b.at - a.at);
      list.forEach(({ obj, at }, i) => {
        if (i >= max || now - at > ttlMs) doomed.push(obj);
      });
    }
    for (const obj of doomed) {
      try {
        store.delete({
          resource: EVENTS_RESOURCE,
          namespace: obj.metadata.namespace ?? '',
          name: obj.metadata.name,
        });
      } catch {
        // Deleted meanwhile (by a user or another prune): nothing to do.
      }
    }
    return doomed.length;
  }
}

/** A recorder that drops everything, for contexts built without a store (unit tests). */
export const NO_EVENTS: EventRecorder = { event() {} };
