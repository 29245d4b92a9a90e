/**
 * One trigger's dispatcher: reads its broker's stream from the trigger's committed offset, filters, and
 * hands matching events to dispatch-event.ts, up to `concurrency` at a time (ordered mode: one per
 * partition key). An event whose attempt failed waits for its retry outside memory's read-ahead bound:
 * its body is released, its attempt count and due time go to the log, and it is read back when due.
 *
 * Invariants: the committed offset never passes an unfinished event (offsets.ts), so a crash or restart
 * redelivers from there (at-least-once); at most `maxReadAhead` events are held in memory and at most
 * `maxWindow` offsets are tracked past the committed one.
 */
import type { StoredEvent, TriggerSpecResolved } from '../types.js';
import { dispatchEvent, type EventContext, type EventResult } from './dispatch-event.js';
import { DispatcherStoppedError } from './errors.js';
import { type EventPredicate, triggerFilter } from './filter.js';
import { Committer, OffsetTracker } from './offsets.js';
import { READ_RETRY_MS, type TriggerDispatcherOptions, type TriggerStatus } from './options.js';
import { OrderedQueue, PARTITION_KEY_EXTENSION } from './ordered.js';
import { type Task, UnorderedQueue, type WorkQueue } from './queue.js';
import { retryDelayMs } from './retry.js';
import { type PendingRetry, RetryBook } from './retry-state.js';
import { StopSignal } from './stop.js';

export class TriggerDispatcher {
  private spec: TriggerSpecResolved;
  private filter: EventPredicate;
  private readonly queue: WorkQueue;
  private readonly retries: RetryBook;
  private restored = new Map<number, PendingRetry>();
  private readonly parked = new Map<number, NodeJS.Timeout>();
  private readonly stopSignal = new StopSignal();
  private readonly ctx: EventContext;
  private tracker = new OffsetTracker(0);
  private committer: Committer | undefined;
  private readOffset = 0;
  private inFlight = 0;
  private buffered = 0;
  private reading = false;
  private readAgain = false;
  private readStalled = false;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private unsubscribe: (() => void) | undefined;
  private onIdle: (() => void) | undefined;
  private readonly counts = { delivered: 0, retried: 0, deadLettered: 0, dropped: 0, filtered: 0 };

  constructor(
    spec: TriggerSpecResolved,
    private readonly opts: TriggerDispatcherOptions,
  ) {
    this.spec = spec;
    this.filter = triggerFilter(spec);
    this.queue = spec.ordered ? new OrderedQueue() : new UnorderedQueue();
    this.retries = new RetryBook(opts.log, spec.stream, spec.id, (msg, err) =>
      opts.logger?.warn(msg, { trigger: spec.id, error: err }),
    );
    this.ctx = { http: opts.http, hooks: opts.hooks, logger: opts.logger, stop: this.stopSignal };
  }

  /** The spec the dispatcher runs with now. */
  get current(): TriggerSpecResolved {
    return this.spec;
  }

  /** New subscriber, filter or delivery policy; applies to every attempt from now on. */
  update(spec: TriggerSpecResolved): void {
    this.spec = spec;
    this.filter = triggerFilter(spec);
  }

  /** Registers the consumer (a new one starts at the stream's head), restores pending retries, starts reading. */
  async start(): Promise<void> {
    const { log } = this.opts;
    const { stream, id } = this.spec;
    const committed = await log.ensureConsumer(stream, id);
    this.tracker = new OffsetTracker(committed);
    this.readOffset = committed;
    this.committer = new Committer(
      {
        log,
        stream,
        consumer: id,
        committed,
        everyDone: this.opts.commitEvery,
        intervalMs: this.opts.commitIntervalMs,
        onError: (err) => this.opts.logger?.error('commit failed', { trigger: id, error: err }),
      },
      () => this.tracker.watermark,
    );
    this.restored = await this.retries.restore(committed);
    if (this.stopping) return;
    this.unsubscribe = log.onAppend(stream, () => this.kick());
    this.kick();
  }

  /**
   * Stops reading and starting attempts, waits up to `timeoutMs` for attempts in flight (then aborts
   * them: their events stay unfinished) and commits the watermark. Waiting retries stay in the log.
   */
  stop(timeoutMs: number): Promise<void> {
    this.stopped ??= this.doStop(timeoutMs);
    return this.stopped;
  }

  private async doStop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    for (const timer of this.parked.values()) clearTimeout(timer);
    this.parked.clear();
    if (this.inFlight > 0) {
      const idle = new Promise<void>((resolve) => {
        this.onIdle = resolve;
      });
      const timer = setTimeout(() => this.stopSignal.stop(), timeoutMs);
      await idle;
      clearTimeout(timer);
    }
    this.stopSignal.stop();
    this.committer?.stop();
    await this.committer?.flush();
  }

  status(): TriggerStatus {
    return {
      id: this.spec.id,
      stream: this.spec.stream,
      ordered: this.spec.ordered,
      committed: this.committer?.offset ?? 0,
      watermark: this.tracker.watermark,
      readOffset: this.readOffset,
      inFlight: this.inFlight,
      buffered: this.buffered,
      retrying: this.parked.size,
      ...this.counts,
      stopped: this.stopping,
    };
  }

  private kick(): void {
    if (this.stopping) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    const { log, pageSize, maxReadAhead, maxWindow } = this.opts;
    try {
      for (;;) {
        this.readAgain = false;
        if (this.stopping) break;
        const room = Math.min(pageSize, maxReadAhead - this.buffered, maxWindow - this.tracker.size);
        // Read in pages, not an event at a time: with work buffered, wait until half the read-ahead is free.
        this.readStalled = room <= 0 || (this.buffered > 0 && room < Math.min(pageSize, maxReadAhead >> 1));
        if (this.readStalled) break;
        const page = await log.read(this.spec.stream, this.readOffset, room);
        if (this.stopping) break;
        for (const stored of page) this.accept(stored);
        this.pump();
        if (page.length < room && !this.readAgain) break;
      }
    } catch (err) {
      this.opts.logger?.error('read failed', { trigger: this.spec.id, error: err });
      setTimeout(() => this.kick(), READ_RETRY_MS).unref();
    }
    this.reading = false;
  }

  private accept(stored: StoredEvent): void {
    const { offset, event } = stored;
    this.readOffset = offset;
    const restored = this.restored.get(offset);
    if (restored) this.restored.delete(offset);
    if (!this.matches(stored)) {
      this.counts.filtered++;
      this.tracker.skip(offset);
      this.committer?.noteDone();
      if (restored) this.retries.forget(offset);
      return;
    }
    this.tracker.track(offset);
    this.buffered++;
    this.queue.push({
      offset,
      key: this.spec.ordered ? (event.attributes[PARTITION_KEY_EXTENSION] ?? '') : '',
      stored,
      attempts: restored?.attempt ?? 0,
      dueAt: restored?.dueAt,
      retryRow: restored !== undefined,
    });
  }

  /** A filter that throws (a CESQL runtime error) does not match, as in Knative. */
  private matches(stored: StoredEvent): boolean {
    try {
      return this.filter(stored.event);
    } catch (err) {
      this.opts.logger?.warn('filter failed', { trigger: this.spec.id, offset: stored.offset, error: err });
      return false;
    }
  }

  private pump(): void {
    while (!this.stopping && this.inFlight < this.opts.concurrency) {
      const task = this.queue.take();
      if (!task) return;
      if (task.dueAt !== undefined && task.dueAt > Date.now()) {
        this.park(task, task.dueAt);
        continue;
      }
      task.dueAt = undefined;
      this.inFlight++;
      void this.run(task);
    }
  }

  private async run(task: Task): Promise<void> {
    let finished = false;
    try {
      const stored = task.stored ?? (await this.reload(task));
      if (!stored) {
        this.counts.dropped++;
        this.opts.hooks.onDropped?.(this.spec.id, task.offset, undefined, 'event no longer in the log');
        finished = true;
      } else {
        task.attempts++;
        const result = await dispatchEvent(this.ctx, this.spec, task.offset, stored.event, task.attempts);
        finished = await this.settle(task, result);
      }
    } catch (err) {
      if (!(err instanceof DispatcherStoppedError)) {
        this.opts.logger?.error('unexpected dispatch failure', { trigger: this.spec.id, error: err });
        this.park(task, Date.now() + READ_RETRY_MS);
      }
    } finally {
      if (finished) this.finish(task);
      this.inFlight--;
      if (this.stopping) {
        if (this.inFlight === 0) this.onIdle?.();
      } else {
        this.pump();
        if (this.readStalled) this.kick();
      }
    }
  }

  /** Records the result; true when the event is done, false when it waits for a retry. */
  private async settle(task: Task, result: EventResult): Promise<boolean> {
    const { hooks } = this.opts;
    const id = this.spec.id;
    switch (result.kind) {
      case 'delivered':
        this.counts.delivered++;
        hooks.onDelivered?.(id, task.offset, result.status);
        return true;
      case 'dead-lettered':
        this.counts.deadLettered++;
        hooks.onDeadLettered?.(id, task.offset, result.error.status);
        return true;
      case 'dropped':
        this.counts.dropped++;
        this.opts.logger?.warn('event dropped', { trigger: id, offset: task.offset, reason: result.reason });
        hooks.onDropped?.(id, task.offset, result.error.status, result.reason);
        return true;
      case 'retry': {
        const { error } = result;
        const delayMs = retryDelayMs(this.spec.delivery, task.attempts, error.status, error.retryAfterMs);
        const dueAt = Date.now() + delayMs;
        this.counts.retried++;
        hooks.onRetry?.(id, task.offset, error.status, task.attempts, delayMs);
        task.retryRow = this.retries.persistent;
        await this.retries.put(task.offset, task.attempts, dueAt);
        this.park(task, dueAt);
        return false;
      }
    }
  }

  /** The event leaves memory until its retry is due; its key (ordered mode) stays blocked. */
  private park(task: Task, dueAt: number): void {
    this.release(task);
    task.dueAt = dueAt;
    this.queue.park(task);
    if (this.stopping) return;
    const timer = setTimeout(
      () => {
        this.parked.delete(task.offset);
        task.dueAt = undefined;
        this.queue.wake(task);
        this.pump();
      },
      Math.max(0, dueAt - Date.now()),
    );
    timer.unref();
    this.parked.set(task.offset, timer);
  }

  private finish(task: Task): void {
    this.release(task);
    if (task.retryRow) this.retries.forget(task.offset);
    this.queue.complete(task);
    this.tracker.complete(task.offset);
    this.committer?.noteDone();
  }

  private release(task: Task): void {
    if (task.stored) {
      task.stored = undefined;
      this.buffered--;
    }
  }

  private async reload(task: Task): Promise<StoredEvent | undefined> {
    const [stored] = await this.opts.log.read(this.spec.stream, task.offset - 1, 1);
    if (!stored || stored.offset !== task.offset) return undefined;
    task.stored = stored;
    this.buffered++;
    return stored;
  }
}
