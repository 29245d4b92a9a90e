/**
 * The embedded EventLog: one SQLite file in WAL mode, written with group commit (group-commit.ts).
 *
 * Writes (appends, consumer commits, retry records) are queued and committed together: the first write
 * schedules a commit for the next turn of the event loop (or after `maxBatchDelayMs`), and every write
 * queued by then — across streams — goes into one transaction; one fsync of the WAL, run off the event
 * loop (wal-sync.ts), then makes the batch durable. A write's promise resolves only after that fsync;
 * `onAppend` listeners run at the same point, and `read` and `head` see only what is durable, so nothing
 * reaches a subscriber that a crash could take back. better-sqlite3 is synchronous, so a batch blocks the
 * event loop for one transaction (without its fsync); `maxBatchSize` bounds it. WAL checkpoints
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
import { GroupCommit, type Write } from './group-commit.js';
import { configure, prepare, type Statements } from './schema.js';
import { snapshot, TailCache } from './tail-cache.js';
import { WalSync } from './wal-sync.js';

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
  /**
   * Newest durable events kept in memory for readers (tail-cache.ts); 0 turns the cache off.
   * @defaultValue 4,096
   */
  tailCacheEvents?: number;
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
  /** Streams appended to in this batch and their new heads (applied to the caches after COMMIT and fsync). */
  heads: Map<string, number>;
  appended: number;
  writes: number;
  /** Each append of the batch, in offset order, for the tail cache once durable. */
  appends: { stream: string; first: number; events: EventRecord[] }[];
}

export class SqliteEventLog implements EventLog {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly maxBatchDelayMs: number;
  private readonly maxBatchSize: number;
  /** Each stream's committed head: where the next append goes (may be ahead of what is durable). */
  private readonly heads = new Map<string, number>();
  /** Each stream's durable head: all that `read`, `head` and listeners see. */
  private readonly durableHeads = new Map<string, number>();
  private readonly listeners = new Map<string, Set<(head: number) => void>>();
  private readonly runBatch: (batch: Batch, writes: Write<Batch>[]) => unknown[];
  private readonly group: GroupCommit<Batch>;
  private readonly tail: TailCache;
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
    this.tail = new TailCache(options.tailCacheEvents);
    this.maxBatchDelayMs = options.maxBatchDelayMs ?? DEFAULT_MAX_BATCH_DELAY_MS;
    this.maxBatchSize = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    if (!(this.maxBatchDelayMs >= 0))
      throw invalidArgument(`maxBatchDelayMs cannot be negative, was: ${this.maxBatchDelayMs}`);
    if (!(this.maxBatchSize >= 1))
      throw invalidArgument(`maxBatchSize must be at least 1, was: ${this.maxBatchSize}`);
    for (const [stream, head] of this.sql.allHeads.all() as [string, number][]) {
      this.heads.set(stream, head);
      this.durableHeads.set(stream, head);
    }
    this.runBatch = db.transaction((batch: Batch, writes: Write<Batch>[]) => {
      const results = writes.map((write) => write.apply(batch));
      for (const [stream, head] of batch.heads) this.sql.upsertHead.run(stream, head);
      return results;
    }).immediate as (batch: Batch, writes: Write<Batch>[]) => unknown[];
    this.group = new GroupCommit<Batch>({
      maxBatchDelayMs: this.maxBatchDelayMs,
      maxBatchSize: this.maxBatchSize,
      // Last in the constructor: nothing after it can throw and leak the descriptor.
      wal: new WalSync(path === ':memory:' ? undefined : `${path}-wal`),
      commit: (writes) => {
        const batch: Batch = {
          now: Date.now(),
          heads: new Map(),
          appended: 0,
          writes: writes.length,
          appends: [],
        };
        const results = this.runBatch(batch, writes);
        for (const [stream, head] of batch.heads) this.heads.set(stream, head);
        return { ctx: batch, results };
      },
      failure: (what, writes, cause) =>
        new EventLogError(
          'EBB_LOG_WRITE_FAILED',
          `event log ${this.path}: ${what} of ${writes} writes failed: ${(cause as Error).message}`,
          { cause },
        ),
      onDurable: (batch) => this.onDurable(batch),
    });
  }

  async append(stream: string, events: EventRecord[]): Promise<number[]> {
    this.checkOpen();
    checkName('stream', stream);
    if (events.length === 0) return [];
    const bodies = events.map(encodeRecord);
    const kept = this.tail.enabled ? events.map(snapshot) : [];
    return this.enqueue(bodies.length, (batch) => {
      let head = batch.heads.get(stream) ?? this.heads.get(stream) ?? 0;
      const offsets = new Array<number>(bodies.length);
      for (let i = 0; i < bodies.length; i++) {
        this.sql.insertEvent.run(stream, ++head, batch.now, bodies[i]);
        offsets[i] = head;
      }
      batch.heads.set(stream, head);
      batch.appended += bodies.length;
      if (kept.length > 0) batch.appends.push({ stream, first: offsets[0]!, events: kept });
      return offsets;
    });
  }

  async read(stream: string, afterOffset: number, limit: number): Promise<StoredEvent[]> {
    this.checkOpen();
    if (!Number.isInteger(afterOffset))
      throw invalidArgument(`afterOffset must be an integer, was: ${afterOffset}`);
    if (!Number.isInteger(limit) || limit < 1)
      throw invalidArgument(`limit must be a positive integer, was: ${limit}`);
    const durable = this.durableHeads.get(stream) ?? 0;
    if (afterOffset >= durable) return [];
    const cached = this.tail.read(stream, afterOffset, limit);
    if (cached) return cached;
    const rows = this.sql.read.all(stream, afterOffset, durable, limit) as [number, number, Buffer][];
    return rows.map(([offset, appendedAt, body]) => ({ offset, event: decodeRecord(body), appendedAt }));
  }

  async head(stream: string): Promise<number> {
    this.checkOpen();
    return this.durableHeads.get(stream) ?? 0;
  }

  async ensureConsumer(stream: string, consumer: string, startAfter?: number): Promise<number> {
    this.checkOpen();
    checkName('stream', stream);
    checkName('consumer', consumer);
    const existing = this.sql.consumer.get(stream, consumer) as number | undefined;
    if (existing !== undefined) return existing;
    const start = startAfter ?? this.durableHeads.get(stream) ?? 0;
    checkOffset(start);
    this.sql.insertConsumer.run(stream, consumer, start);
    await this.synced();
    return start;
  }

  async removeConsumer(stream: string, consumer: string): Promise<void> {
    this.checkOpen();
    this.db.transaction(() => {
      this.sql.deleteConsumer.run(stream, consumer);
      this.sql.deleteConsumerRetries.run(stream, consumer);
    })();
    await this.synced();
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

  /** Every stream that has had an append. */
  streamNames(): string[] {
    this.checkOpen();
    return this.db.prepare('SELECT stream FROM streams').pluck().all() as string[];
  }

  async compact(stream: string): Promise<number> {
    this.checkOpen();
    const [consumers, floor] = this.sql.consumerFloor.get(stream) as [number, number | null];
    const upTo = consumers > 0 ? floor! : (this.durableHeads.get(stream) ?? 0);
    this.tail.trim(stream, upTo);
    return this.deleteEvents(stream, upTo);
  }

  /** Deletes the stream's events, consumers and retry records; its head stays, so offsets are never reused. */
  async dropStream(stream: string): Promise<void> {
    this.checkOpen();
    this.tail.trim(stream, Number.MAX_SAFE_INTEGER);
    await this.deleteEvents(stream, Number.MAX_SAFE_INTEGER);
    this.db.transaction(() => {
      this.sql.deleteConsumers.run(stream);
      this.sql.deleteStreamRetries.run(stream);
    })();
    await this.synced();
  }

  /** Commits everything queued so far, then closes the database. Later calls reject with EBB_LOG_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.group.close();
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
    return this.group.enqueue(weight, apply, () => closedError(this.path));
  }

  /**
   * Resolves once everything committed so far is durable: the writes made outside the group commit (rare
   * consumer and stream changes) ride on the next group fsync. An empty write commits nothing itself.
   */
  private async synced(): Promise<void> {
    await this.enqueue<undefined>(0, () => undefined);
  }

  private onDurable(batch: Batch): void {
    for (const [stream, head] of batch.heads) this.durableHeads.set(stream, head);
    for (const { stream, first, events } of batch.appends) this.tail.add(stream, first, events, batch.now);
    this.counters.commits++;
    this.counters.appended += batch.appended;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.writes);
    for (const [stream, head] of batch.heads) this.notify(stream, head);
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
