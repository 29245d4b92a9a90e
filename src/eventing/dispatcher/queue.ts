/**
 * The work queue between a trigger's reader and its deliveries. The reader pushes events in offset order;
 * the dispatcher takes whatever may start now, parks an event that waits for a retry and wakes it when the
 * retry is due. Unordered delivery takes any event (due retries first); ordered delivery is in ordered.ts.
 */
import type { StoredEvent } from '../types.js';

/** One event on its way to a subscriber. */
export interface Task {
  offset: number;
  /** The `partitionkey` extension in ordered mode ("" when absent); "" in unordered mode. */
  key: string;
  /** The event; released while the task waits for a retry and read back from the log when it is due. */
  stored: StoredEvent | undefined;
  /** Attempts already made to the subscriber (restored from the log's retry state after a restart). */
  attempts: number;
  /** A restored retry's due time (ms since the epoch); the task must not start before it. */
  dueAt: number | undefined;
  /** The log may hold retry state for this event (to delete when it is done). */
  retryRow: boolean;
}

export interface WorkQueue {
  /** A newly read event, in offset order. */
  push(task: Task): void;
  /** The next task that may start now, or undefined; it counts as started. */
  take(): Task | undefined;
  /** A started task is finished for good (delivered, dead-lettered or dropped). */
  complete(task: Task): void;
  /** A started task waits for a retry; in ordered mode it keeps blocking its key. */
  park(task: Task): void;
  /** A parked task's retry is due; it may be taken again. */
  wake(task: Task): void;
  /** Tasks waiting to start (not started, not parked). */
  readonly waiting: number;
}

/** A FIFO with O(1) shift that compacts its backing array as it drains. */
export class Deque<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** Unordered delivery: any waiting event may start; retries that came due go before new events. */
export class UnorderedQueue implements WorkQueue {
  private readonly fresh = new Deque<Task>();
  private readonly due = new Deque<Task>();

  get waiting(): number {
    return this.fresh.length + this.due.length;
  }

  push(task: Task): void {
    this.fresh.push(task);
  }

  take(): Task | undefined {
    return this.due.shift() ?? this.fresh.shift();
  }

  complete(_task: Task): void {}

  park(_task: Task): void {}

  wake(task: Task): void {
    this.due.push(task);
  }
}
