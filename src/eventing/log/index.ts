/**
 * The durable event log: the embedded SQLite implementation and the conformance suite every EventLog
 * implementation runs (`conformance.ts`, imported directly by test files so node:test stays out of this
 * entry point).
 */

export type { Compactor } from './compactor.js';
export { DEFAULT_COMPACT_INTERVAL_MS, startCompactor } from './compactor.js';
export type { EventLogErrorCode } from './errors.js';
export { EventLogError } from './errors.js';
export type { EventLogStats, PendingRetry, SqliteEventLogOptions } from './sqlite-log.js';
export {
  DEFAULT_MAX_BATCH_DELAY_MS,
  DEFAULT_MAX_BATCH_SIZE,
  listenerErrorChannel,
  SqliteEventLog,
} from './sqlite-log.js';
