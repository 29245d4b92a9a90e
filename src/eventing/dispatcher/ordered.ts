/**
 * Ordered delivery (`spec.ordered`): events with the same `partitionkey` extension go to the subscriber one
 * at a time, in offset order; events without it share the key "". A key whose head event waits for a retry
 * stays blocked until that event is done; other keys go on in parallel (the dispatcher bounds how many).
 *
 * Keys that may start are served round-robin, so one busy key cannot starve the others. The reader's
 * read-ahead bound still applies: a blocked key's queued events count against it, so a key that stays
 * blocked long enough eventually stalls reading for every key (memory stays bounded; order never breaks).
 */
import { Deque, type Task, type WorkQueue } from './queue.js';

export const PARTITION_KEY_EXTENSION = 'partitionkey';

interface KeyLane {
  tasks: Deque<Task>;
  /** The head task is started or parked. */
  busy: boolean;
}

export class OrderedQueue implements WorkQueue {
  private readonly lanes = new Map<string, KeyLane>();
  /** Keys whose head task may start now, each at most once. */
  private readonly ready = new Deque<string>();
  private queued = 0;

  get waiting(): number {
    return this.queued;
  }

  /** Keys with events queued or in progress. */
  get keys(): number {
    return this.lanes.size;
  }

  push(task: Task): void {
    let lane = this.lanes.get(task.key);
    if (!lane) {
      lane = { tasks: new Deque<Task>(), busy: false };
      this.lanes.set(task.key, lane);
    }
    lane.tasks.push(task);
    this.queued++;
    if (!lane.busy && lane.tasks.length === 1) this.ready.push(task.key);
  }

  take(): Task | undefined {
    for (;;) {
      const key = this.ready.shift();
      if (key === undefined) return undefined;
      const lane = this.lanes.get(key);
      if (!lane || lane.busy) continue;
      const task = lane.tasks.peek();
      if (!task) continue;
      lane.busy = true;
      this.queued--;
      return task;
    }
  }

  complete(task: Task): void {
    const lane = this.lanes.get(task.key);
    if (!lane || lane.tasks.peek() !== task) return;
    lane.tasks.shift();
    lane.busy = false;
    if (lane.tasks.length === 0) this.lanes.delete(task.key);
    else this.ready.push(task.key);
  }

  park(_task: Task): void {}

  wake(task: Task): void {
    const lane = this.lanes.get(task.key);
    if (!lane || lane.tasks.peek() !== task) return;
    lane.busy = false;
    this.queued++;
    this.ready.push(task.key);
  }
}
