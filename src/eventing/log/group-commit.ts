/**
 * Group commit for the SQLite event log: writes (appends, consumer commits, retry records) queue up, go
 * into one transaction together, and one fsync makes the transaction durable; a write's promise settles
 * only after that fsync.
 *
 * The pipeline, one batch at a time:
 *
 *   queue ──(next loop turn, or maxBatchDelayMs)──► COMMIT (on the loop, no fsync) ──► fsync (thread pool)
 *     ▲                                                                                     │
 *     └──────── writes queued meanwhile commit on the next turn after the fsync ◄───────────┘
 *
 * While an fsync runs, the event loop keeps serving requests and their writes gather in the queue, so the
 * next batch is as large as the disk is slow — the same self-tuning as a blocking group commit, without
 * the loop standing still for the disk. A batch is at most `maxBatchSize` weight (an over-sized single
 * write commits alone); the rest waits for the next round.
 *
 * A failed COMMIT rejects its batch alone (SQLite rolled it back). A failed fsync is different: what the
 * kernel did with the dirty pages is unknown (a later fsync may succeed without them), so every unsynced
 * and later write is rejected and the log stops taking writes until it is reopened, as PostgreSQL does.
 */
import { EventLogError } from './errors.js';
import type { WalSync } from './wal-sync.js';

export interface Write<C> {
  weight: number;
  /** Runs inside the transaction. Returning an Error rejects this write alone; throwing aborts the batch. */
  apply(ctx: C): unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface GroupCommitOptions<C> {
  maxBatchDelayMs: number;
  maxBatchSize: number;
  /** Runs `writes` in one transaction and commits it (not yet synced). Throws when the transaction fails. */
  commit(writes: Write<C>[]): { ctx: C; results: unknown[] };
  /** The error every write of a batch gets when its transaction or its fsync failed. */
  failure(what: string, writes: number, cause: unknown): Error;
  /** A batch is durable: runs before its writes settle, in commit order. */
  onDurable(ctx: C): void;
  wal: WalSync;
}

interface Committed<C> {
  ctx: C;
  writes: Write<C>[];
  results: unknown[];
}

export class GroupCommit<C> {
  private queue: Write<C>[] = [];
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  /** The batch whose fsync is in flight, if any. */
  private syncing: Committed<C> | undefined;
  private syncDone: Promise<void> | undefined;
  /** Set once an fsync failed: every later write is rejected with it. */
  private broken: Error | undefined;
  private closed = false;

  constructor(private readonly opts: GroupCommitOptions<C>) {}

  /** Queues a write; resolves with its result once the transaction holding it is on disk. */
  enqueue<T>(weight: number, apply: (ctx: C) => T | Error, closedError: () => Error): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ weight, apply, resolve: resolve as (value: unknown) => void, reject });
      if (this.timer === undefined && this.syncing === undefined) this.schedule(this.opts.maxBatchDelayMs);
    });
  }

  /**
   * Commits and syncs everything still queued (blocking), settles every write, and releases the WAL
   * descriptor. Later writes are rejected by `enqueue`.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearImmediate(this.timer as NodeJS.Immediate);
    clearTimeout(this.timer as NodeJS.Timeout);
    this.timer = undefined;
    await this.syncDone;
    const batches: Committed<C>[] = [];
    while (this.queue.length > 0 && !this.broken) {
      const committed = this.commitNext();
      if (committed) batches.push(committed);
    }
    if (batches.length > 0) {
      try {
        this.opts.wal.syncNow();
        for (const batch of batches) this.settle(batch);
      } catch (error) {
        this.fail(batches, error);
      }
    }
    this.opts.wal.close();
  }

  private schedule(delayMs: number): void {
    this.timer = delayMs > 0 ? setTimeout(this.onTimer, delayMs) : setImmediate(this.onTimer);
  }

  private readonly onTimer = () => {
    this.timer = undefined;
    if (this.closed || this.syncing) return;
    const committed = this.commitNext();
    if (committed) this.startSync(committed);
    // A failed transaction leaves nothing to sync: go on with whatever is queued.
    else if (this.queue.length > 0) this.schedule(0);
  };

  private startSync(batch: Committed<C>): void {
    this.syncing = batch;
    this.syncDone = new Promise<void>((resolve) => {
      this.opts.wal.sync((error) => {
        this.syncing = undefined;
        this.syncDone = undefined;
        if (error) this.fail([batch], error);
        else this.settle(batch);
        if (this.queue.length > 0 && !this.closed && this.timer === undefined) this.schedule(0);
        resolve();
      });
    });
  }

  /** Commits the next batch from the queue: whole writes, up to maxBatchSize weight (at least one write). */
  private commitNext(): Committed<C> | undefined {
    const queue = this.queue;
    let count = 0;
    let weight = 0;
    while (count < queue.length && (count === 0 || weight + queue[count]!.weight <= this.opts.maxBatchSize)) {
      weight += queue[count]!.weight;
      count++;
    }
    const writes = count === queue.length ? queue : queue.slice(0, count);
    this.queue = count === queue.length ? [] : queue.slice(count);
    try {
      const { ctx, results } = this.opts.commit(writes);
      return { ctx, writes, results };
    } catch (error) {
      const failure = this.opts.failure('commit', writes.length, error);
      for (const write of writes) write.reject(failure);
      return undefined;
    }
  }

  private settle(batch: Committed<C>): void {
    this.opts.onDurable(batch.ctx);
    const { writes, results } = batch;
    for (let i = 0; i < writes.length; i++) {
      const result = results[i];
      if (result instanceof Error) writes[i]!.reject(result);
      else writes[i]!.resolve(result);
    }
  }

  /** An fsync failed: nothing unsynced can be trusted any more, and nothing later is accepted. */
  private fail(batches: Committed<C>[], error: unknown): void {
    const failure = this.opts.failure(
      'fsync',
      batches.reduce((n, b) => n + b.writes.length, 0),
      error,
    );
    this.broken ??= new EventLogError(
      'EBB_LOG_WRITE_FAILED',
      `${failure.message}; the log takes no more writes until it is reopened`,
      { cause: failure },
    );
    for (const batch of batches) for (const write of batch.writes) write.reject(failure);
    const queued = this.queue;
    this.queue = [];
    for (const write of queued) write.reject(this.broken);
  }
}
