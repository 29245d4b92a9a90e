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
