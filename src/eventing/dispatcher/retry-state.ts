/**
 * Pending retries that survive a restart. An EventLog may offer `putRetry`/`deleteRetry`/`listRetries`
 * (the SQLite log does); with them a restarted dispatcher continues an event's retry schedule — same
 * attempt count, same due time — instead of starting it over. Without them, an unfinished event is simply
 * delivered again from its first attempt (still at-least-once).
 *
 * `attempt` is the number of attempts already made to the subscriber; the next one is `attempt + 1`.
 */
import type { EventLog } from '../types.js';

export interface PendingRetry {
  offset: number;
  attempt: number;
  /** Milliseconds since the epoch. */
  dueAt: number;
}

export interface RetryStore {
  putRetry(stream: string, consumer: string, offset: number, attempt: number, dueAt: number): Promise<void>;
  deleteRetry(stream: string, consumer: string, offset: number): Promise<void>;
  listRetries(stream: string, consumer: string): Promise<PendingRetry[]>;
}

type MaybeRetryStore = Partial<Record<keyof RetryStore, unknown>>;

/** The log's retry store, when it has one. */
export function retryStoreOf(log: EventLog): RetryStore | undefined {
  const candidate = log as unknown as MaybeRetryStore;
  if (
    typeof candidate.putRetry === 'function' &&
    typeof candidate.deleteRetry === 'function' &&
    typeof candidate.listRetries === 'function'
  ) {
    return log as unknown as RetryStore;
  }
  return undefined;
}

/**
 * One trigger's view of the retry store: failures to persist are logged, not thrown (the offset commit
 * alone already guarantees redelivery; the store only keeps the schedule).
 */
export class RetryBook {
  private readonly store: RetryStore | undefined;

  constructor(
    log: EventLog,
    private readonly stream: string,
    private readonly consumer: string,
    private readonly warn: (msg: string, err: unknown) => void,
  ) {
    this.store = retryStoreOf(log);
  }

  get persistent(): boolean {
    return this.store !== undefined;
  }

  /** Pending retries past `committed`; older records (their events are done) are deleted. */
  async restore(committed: number): Promise<Map<number, PendingRetry>> {
    const pending = new Map<number, PendingRetry>();
    for (const row of (await this.store?.listRetries(this.stream, this.consumer)) ?? []) {
      if (row.offset > committed) pending.set(row.offset, row);
      else this.forget(row.offset);
    }
    return pending;
  }

  async put(offset: number, attempt: number, dueAt: number): Promise<void> {
    await this.store
      ?.putRetry(this.stream, this.consumer, offset, attempt, dueAt)
      .catch((err: unknown) => this.warn('could not persist retry', err));
  }

  forget(offset: number): void {
    this.store
      ?.deleteRetry(this.stream, this.consumer, offset)
      .catch((err: unknown) => this.warn('could not delete retry', err));
  }
}
