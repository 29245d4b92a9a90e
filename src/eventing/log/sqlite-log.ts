/**
 * The embedded EventLog: one SQLite file in WAL mode with synchronous=FULL, written with group commit.
 *
 * Writes (appends, consumer commits, retry records) are queued and committed together: the first write
 * schedules a flush for the next turn of the event loop (or after `maxBatchDelayMs`), and every write queued
 * by then — across streams — goes into one transaction, so one WAL fsync covers the batch. A write's promise
 * resolves only after that COMMIT returned, i.e. after the batch is on disk; `onAppend` listeners run at the
 * same point. better-sqlite3 is synchronous, so a batch blocks the event loop for one transaction;
 * `maxBatchSize` bounds it (512 one-KB events commit in ~4 ms on the reference machine). WAL checkpoints
 * stay SQLite's default (on commit, every 1,000 pages = 16 MiB): a worker-thread checkpointer was measured
 * and dropped — under sustained appends its PASSIVE checkpoints never let the WAL restart, the WAL grew to
 * the writer's backstop and the worst event-loop stalls (~30 ms, dominated by WAL fsync spikes) stayed.
 *
 * Offsets start at 1 per stream and are never reused: the `streams` table keeps each stream's head after
 * its events are compacted away and even after `dropStream`.
 *
 * Compaction deletes what every consumer has committed. A stream without consumers is compacted up to its
 * head: as in Knative, events that no trigger subscribes to are accepted and then dropped.
 */
import { channel } from 'node:diagnostics_channel';
import Database from 'better-sqlite3';
import { decodeRecord, encodeRecord } from '../cloudevents/codec.js';
import type { EventLog, EventRecord, StoredEvent } from '../types.js';
import { closedError, EventLogError, invalidArgument, unknownConsumer } from './errors.js';
import { configure, prepare, type Statements } from './schema.js';

export interface SqliteEventLogOptions {
  /**
   * How long the first queued write waits for company before its batch commits, ms. 0 commits on the next
   * turn of the event loop (after pending I/O callbacks), which already batches concurrent requests.
   * @defaultValue 0
   */
  maxBatchDelayMs?: number;
  /**
   * Most events (plus commits and retry records, one each) per transaction; an append is never split, so a
   * larger single append commits alone. Bounds how long one commit blocks the event loop.
   * @defaultValue 512
   */
  maxBatchSize?: number;
}

export const DEFAULT_MAX_BATCH_DELAY_MS = 0;
export const DEFAULT_MAX_BATCH_SIZE = 512;
/** Rows deleted per transaction by compaction and dropStream, which yield to the event loop in between. */
const DELETE_CHUNK_ROWS = 5_000;

export interface EventLogStats {
  /** Group-commit transactions committed so far. */
  commits: number;
  /** Events appended so far. */
  appended: number;
  /** The most writes that shared one commit. */
  largestBatch: number;
}

/** A delivery waiting for its next attempt (the dispatcher's retry state). */
export interface PendingRetry {
  offset: number;
  /** Attempts made so far. */
  attempt: number;
  /** When the next attempt is due, ms since the epoch. */
  dueAt: number;
}

/** Published when an `onAppend` listener throws; the append itself has succeeded. */
export const listenerErrorChannel = channel('ebb:eventlog:listener-error');

interface Batch {
  now: number;
  /** Streams appended to in this batch and their new heads (applied to the cache only after COMMIT). */
  heads: Map<string, number>;
  appended: number;
}

interface Write {
  weight: number;
  /** Runs inside the transaction. Returning an Error rejects this write alone; throwing aborts the batch. */
  apply(batch: Batch): unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class SqliteEventLog implements EventLog {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly maxBatchDelayMs: number;
  private readonly maxBatchSize: number;
  private readonly heads = new Map<string, number>();
  private readonly listeners = new Map<string, Set<(head: number) => void>>();
  private readonly runBatch: (batch: Batch, writes: Write[]) => unknown[];
  private queue: Write[] = [];
  private timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private closed = false;
  private readonly counters: EventLogStats = { commits: 0, appended: 0, largestBatch: 0 };

  /** Opens (creating if needed) the log at `path`. */
  static open(path: string, options: SqliteEventLogOptions = {}): SqliteEventLog {
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      configure(db, path);
      return new SqliteEventLog(path, db, options);
    } catch (error) {
      db?.close();
      if (error instanceof EventLogError) throw error;
      throw new EventLogError(
        'EBB_LOG_OPEN_FAILED',
        `cannot open event log ${path}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  private constructor(path: string, db: Database.Database, options: SqliteEventLogOptions) {
    this.path = path;
    this.db = db;
    this.sql = prepare(db);
    this.maxBatchDelayMs = options.maxBatchDelayMs ?? DEFAULT_MAX_BATCH_DELAY_MS;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!(this.maxBatchDelayMs >= 0))
      throw invalidArgument(`maxBatchDelayMs cannot be negative, was: ${this.maxBatchDelayMs}`);
    if (!(this.maxBatchSize >= 1))
      throw invalidArgument(`maxBatchSize must be at least 1, was: ${this.maxBatchSize}`);
    for (const [stream, head] of this.sql.allHeads.all() as [string, number][]) this.heads.set(stream, head);
    this.runBatch = db.transaction((batch: Batch, writes: Write[]) => {
      const results = writes.map((write) => write.apply(batch));
      for (const [stream, head] of batch.heads) this.sql.upsertHead.run(stream, head);
      return results;
    }).immediate as (batch: Batch, writes: Write[]) => unknown[];
  }

  async append(stream: string, events: EventRecord[]): Promise<number[]> {
    this.checkOpen();
    checkName('stream', stream);
    if (events.length === 0) return [];
    const bodies = events.map(encodeRecord);
    return this.enqueue(bodies.length, (batch) => {
      let head = batch.heads.get(stream) ?? this.heads.get(stream) ?? 0;
      const offsets = new Array<number>(bodies.length);
      for (let i = 0; i < bodies.length; i++) {
        this.sql.insertEvent.run(stream, ++head, batch.now, bodies[i]);
        offsets[i] = head;
      }
      batch.heads.set(stream, head);
      batch.appended += bodies.length;
      return offsets;
    });
  }

  async read(stream: string, afterOffset: number, limit: number): Promise<StoredEvent[]> {
    this.checkOpen();
    if (!Number.isInteger(afterOffset))
      throw invalidArgument(`afterOffset must be an integer, was: ${afterOffset}`);
    if (!Number.isInteger(limit) || limit < 1)
      throw invalidArgument(`limit must be a positive integer, was: ${limit}`);
    const rows = this.sql.read.all(stream, afterOffset, limit) as [number, number, Buffer][];
    return rows.map(([offset, appendedAt, body]) => ({ offset, event: decodeRecord(body), appendedAt }));
  }

  async head(stream: string): Promise<number> {
    this.checkOpen();
    return this.heads.get(stream) ?? 0;
  }

  async ensureConsumer(stream: string, consumer: string, startAfter?: number): Promise<number> {
    this.checkOpen();
    checkName('stream', stream);
    checkName('consumer', consumer);
    const existing = this.sql.consumer.get(stream, consumer) as number | undefined;
    if (existing !== undefined) return existing;
    const start = startAfter ?? this.heads.get(stream) ?? 0;
    checkOffset(start);
    this.sql.insertConsumer.run(stream, consumer, start);
    return start;
  }

  async removeConsumer(stream: string, consumer: string): Promise<void> {
    this.checkOpen();
    this.db.transaction(() => {
      this.sql.deleteConsumer.run(stream, consumer);
      this.sql.deleteConsumerRetries.run(stream, consumer);
    })();
  }

  /** Group-committed. Commits only move forward: an offset below the committed one is a no-op. */
  async commit(stream: string, consumer: string, offset: number): Promise<void> {
    checkOffset(offset);
    await this.enqueue<undefined>(1, (batch) => {
      const head = batch.heads.get(stream) ?? this.heads.get(stream) ?? 0;
      if (offset > head) {
        return new EventLogError(
          'EBB_LOG_OFFSET_AHEAD',
          `cannot commit offset ${offset} for consumer ${consumer}: stream ${stream} ends at ${head}`,
        );
      }
      return this.sql.commit.run(offset, stream, consumer).changes === 0
        ? unknownConsumer(stream, consumer)
        : undefined;
    });
  }

  async committed(stream: string, consumer: string): Promise<number> {
    this.checkOpen();
    return (this.sql.consumer.get(stream, consumer) as number | undefined) ?? 0;
  }

  onAppend(stream: string, listener: (head: number) => void): () => void {
    let set = this.listeners.get(stream);
    if (!set) {
      set = new Set();
      this.listeners.set(stream, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(stream) === set) this.listeners.delete(stream);
    };
  }

  async compact(stream: string): Promise<number> {
    this.checkOpen();
    const [consumers, floor] = this.sql.consumerFloor.get(stream) as [number, number | null];
    return this.deleteEvents(stream, consumers > 0 ? floor! : (this.heads.get(stream) ?? 0));
  }

  /** Deletes the stream's events, consumers and retry records; its head stays, so offsets are never reused. */
  async dropStream(stream: string): Promise<void> {
    this.checkOpen();
    await this.deleteEvents(stream, Number.MAX_SAFE_INTEGER);
    this.db.transaction(() => {
      this.sql.deleteConsumers.run(stream);
      this.sql.deleteStreamRetries.run(stream);
    })();
  }

  /** Commits everything queued so far, then closes the database. Later calls reject with EBB_LOG_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.queue.length > 0) this.flush();
    clearImmediate(this.timer as NodeJS.Immediate);
    clearTimeout(this.timer as NodeJS.Timeout);
    this.closed = true;
    this.db.close();
  }

  stats(): EventLogStats {
    return { ...this.counters };
  }

  /**
   * Records (or replaces) the dispatcher's pending retry of `offset` for a consumer, group-committed like
   * appends, so retries survive a restart. Rejects with EBB_LOG_UNKNOWN_CONSUMER for an unknown consumer.
   * Removed with the consumer or the stream.
   */
  async putRetry(
    stream: string,
    consumer: string,
    offset: number,
    attempt: number,
    dueAt: number,
  ): Promise<void> {
    checkOffset(offset);
    await this.enqueue<undefined>(1, () => {
      if (this.sql.consumer.get(stream, consumer) === undefined) return unknownConsumer(stream, consumer);
      this.sql.putRetry.run(stream, consumer, offset, attempt, Math.round(dueAt));
      return undefined;
    });
  }

  /** Forgets a pending retry (delivered or dead-lettered). Group-committed; a missing record is not an error. */
  async deleteRetry(stream: string, consumer: string, offset: number): Promise<void> {
    await this.enqueue<undefined>(1, () => {
      this.sql.deleteRetry.run(stream, consumer, offset);
      return undefined;
    });
  }

  /** The consumer's pending retries, soonest due first. */
  async listRetries(stream: string, consumer: string): Promise<PendingRetry[]> {
    this.checkOpen();
    const rows = this.sql.listRetries.all(stream, consumer) as [number, number, number][];
    return rows.map(([offset, attempt, dueAt]) => ({ offset, attempt, dueAt }));
  }

  private enqueue<T>(weight: number, apply: (batch: Batch) => T | Error): Promise<T> {
    if (this.closed) return Promise.reject(closedError(this.path));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ weight, apply, resolve: resolve as (value: unknown) => void, reject });
      if (this.timer === undefined) this.schedule(this.maxBatchDelayMs);
    });
  }

  private schedule(delayMs: number): void {
    this.timer = delayMs > 0 ? setTimeout(this.onTimer, delayMs) : setImmediate(this.onTimer);
  }

  private readonly onTimer = () => {
    this.timer = undefined;
    if (this.closed) return;
    this.flush();
    // What did not fit in the batch goes next, after pending I/O has had a turn.
    if (this.queue.length > 0) this.schedule(0);
  };

  /** Commits the next batch from the queue: whole writes, up to maxBatchSize weight (at least one write). */
  private flush(): void {
    let count = 0;
    let weight = 0;
    while (
      count < this.queue.length &&
      (count === 0 || weight + this.queue[count]!.weight <= this.maxBatchSize)
    ) {
      weight += this.queue[count]!.weight;
      count++;
    }
    const writes = count === this.queue.length ? this.queue : this.queue.slice(0, count);
    this.queue = count === this.queue.length ? [] : this.queue.slice(count);
    const batch: Batch = { now: Date.now(), heads: new Map(), appended: 0 };
    let results: unknown[];
    try {
      results = this.runBatch(batch, writes);
    } catch (error) {
      const failure = new EventLogError(
        'EBB_LOG_WRITE_FAILED',
        `event log ${this.path}: commit of ${writes.length} writes failed: ${(error as Error).message}`,
        { cause: error },
      );
      for (const write of writes) write.reject(failure);
      return;
    }
    for (const [stream, head] of batch.heads) this.heads.set(stream, head);
    this.counters.commits++;
    this.counters.appended += batch.appended;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, writes.length);
    for (const [stream, head] of batch.heads) this.notify(stream, head);
    for (let i = 0; i < writes.length; i++) {
      const result = results[i];
      if (result instanceof Error) writes[i]!.reject(result);
      else writes[i]!.resolve(result);
    }
  }

  private notify(stream: string, head: number): void {
    const set = this.listeners.get(stream);
    if (!set) return;
    for (const listener of set) {
      try {
        listener(head);
      } catch (error) {
        if (listenerErrorChannel.hasSubscribers)
          listenerErrorChannel.publish({ log: this.path, stream, error });
      }
    }
  }

  /** Deletes events with offset ≤ upTo, a chunk per transaction, yielding in between. */
  private async deleteEvents(stream: string, upTo: number): Promise<number> {
    let deleted = 0;
    while (!this.closed) {
      const first = this.sql.firstOffset.get(stream) as number | null;
      if (first === null || first > upTo) break;
      const last = Math.min(upTo, first + DELETE_CHUNK_ROWS - 1);
      deleted += this.sql.deleteRange.run(stream, first, last).changes;
      if (last === upTo) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return deleted;
  }

  private checkOpen(): void {
    if (this.closed) throw closedError(this.path);
  }
}

function checkName(what: string, value: string): void {
  if (typeof value !== 'string' || value === '') throw invalidArgument(`${what} must be a non-empty string`);
}

function checkOffset(offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw invalidArgument(`offset must be a non-negative integer, was: ${offset}`);
  }
}
