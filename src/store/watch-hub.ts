/**
 * Fan-out of committed changes to watchers. Each watcher has its own queue, so every watcher sees changes
 * in resourceVersion order even when a callback writes to the store (its events queue behind the one being
 * delivered) or another watcher's callback throws (the error is reported and delivery goes on).
 */
import { channel } from 'node:diagnostics_channel';
import type { KObject } from '../api/object.js';
import type { LabelSelector } from './label-selector.js';
import type { WatchEvent, WatchEventType, Watcher } from './types.js';

/** Published when a watch callback throws: `{ error, event }`. Without subscribers it goes to stderr. */
export const watchCallbackErrors = channel('ebb:store:watch-callback-error');

/** One committed change, as recorded in the history; the body is JSON so each watcher parses its own copy. */
export interface Change {
  rv: number;
  type: WatchEventType;
  resource: string;
  namespace: string;
  body: string;
  /** For MODIFIED: the labels before the change, so selector watches can see objects enter and leave. */
  prevLabels?: Record<string, string> | undefined;
}

export interface WatchFilter {
  /** A resource, or '*' for all. */
  resource: string;
  /** undefined or '' = all namespaces. */
  namespace?: string | undefined;
  selector: LabelSelector;
}

/**
 * The event a watcher with `filter` receives for `change`, if any. With a label selector, an object that
 * starts matching arrives as ADDED and one that stops matching as DELETED (as Kubernetes' watch does).
 */
export function eventFor(filter: WatchFilter, change: Change): WatchEvent | undefined {
  if (filter.resource !== '*' && filter.resource !== change.resource) return undefined;
  if (filter.namespace && filter.namespace !== change.namespace) return undefined;
  const object = JSON.parse(change.body) as KObject;
  let type = change.type;
  if (!filter.selector.empty) {
    const matchesNow = filter.selector.matches(object.metadata.labels);
    const matchedBefore = type === 'MODIFIED' ? filter.selector.matches(change.prevLabels) : matchesNow;
    if (!matchesNow && !matchedBefore) return undefined;
    if (matchesNow && !matchedBefore) type = 'ADDED';
    else if (!matchesNow && matchedBefore) type = 'DELETED';
  }
  return { type, resource: change.resource, object };
}

class Subscription implements Watcher {
  private queue: WatchEvent[] = [];
  /** Index of the next event to deliver (no Array.shift: a replayed backlog can be 10,000 events). */
  private head = 0;
  private draining = false;
  private closed = false;

  constructor(
    private readonly hub: WatchHub,
    private readonly filter: WatchFilter,
    private readonly onEvent: (event: WatchEvent) => void,
  ) {}

  offer(changes: readonly Change[]): void {
    if (this.closed) return;
    for (const change of changes) {
      const event = eventFor(this.filter, change);
      if (event) this.queue.push(event);
    }
  }

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (!this.closed && this.head < this.queue.length) {
        const event = this.queue[this.head++]!;
        try {
          this.onEvent(event);
        } catch (error) {
          reportCallbackError(error, event);
        }
      }
    } finally {
      if (this.head >= this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      this.draining = false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.head = 0;
    this.hub.remove(this);
  }
}

function reportCallbackError(error: unknown, event: WatchEvent): void {
  if (watchCallbackErrors.hasSubscribers) {
    watchCallbackErrors.publish({ error, event });
  } else {
    const { name, namespace } = event.object.metadata;
    const ref = `${event.resource} ${namespace ? `${namespace}/` : ''}${name}`;
    console.error(`ebb store: a watch callback threw on ${event.type} ${ref}:`, error);
  }
}

export class WatchHub {
  private readonly subscriptions = new Set<Subscription>();

  /**
   * Adds a watcher. `backlog` (history replay) is queued now and delivered on a microtask, so the caller
   * holds the Watcher before its callback first runs; changes published meanwhile queue behind it.
   */
  subscribe(filter: WatchFilter, onEvent: (event: WatchEvent) => void, backlog: readonly Change[]): Watcher {
    const subscription = new Subscription(this, filter, onEvent);
    subscription.offer(backlog);
    this.subscriptions.add(subscription);
    queueMicrotask(() => subscription.drain());
    return subscription;
  }

  /** Delivers committed changes: queued to every current watcher first, then each queue drained. */
  publish(changes: readonly Change[]): void {
    if (changes.length === 0 || this.subscriptions.size === 0) return;
    const targets = [...this.subscriptions];
    for (const s of targets) s.offer(changes);
    for (const s of targets) s.drain();
  }

  remove(subscription: Subscription): void {
    this.subscriptions.delete(subscription);
  }

  closeAll(): void {
    for (const s of [...this.subscriptions]) s.close();
  }

  get size(): number {
    return this.subscriptions.size;
  }
}
