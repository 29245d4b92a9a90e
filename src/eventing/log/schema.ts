/**
 * The embedded event log's SQLite schema and connection settings.
 *
 * page_size is 16 KiB: with the mandated WITHOUT ROWID events table, 1 KB bodies live in the primary-key
 * B-tree itself, and at the default 4 KiB pages appends of 512-event batches measured 27–38k events/s against
 * 110–140k at 16 KiB (rowid tables were no faster at 16 KiB). It only applies to a new database file.
 */
import type Database from 'better-sqlite3';
import { EventLogError } from './errors.js';

/** Bumped when the tables change; a file with a higher version was written by a newer Ebb. */
export const SCHEMA_VERSION = 1;

const PAGE_SIZE_BYTES = 16_384;
/** Page cache per connection, KiB (negative pragma value = KiB). */
const CACHE_KIB = 16_384;
/** After a checkpoint the WAL file is truncated back to this size, bytes. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
const BUSY_TIMEOUT_MS = 5_000;

const TABLES = `
CREATE TABLE IF NOT EXISTS events (
  stream TEXT NOT NULL,
  "offset" INTEGER NOT NULL,
  appended_at INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (stream, "offset")
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS streams (
  stream TEXT NOT NULL PRIMARY KEY,
  head INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS consumers (
  stream TEXT NOT NULL,
  consumer TEXT NOT NULL,
  committed INTEGER NOT NULL,
  PRIMARY KEY (stream, consumer)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS retries (
  stream TEXT NOT NULL,
  consumer TEXT NOT NULL,
  "offset" INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  PRIMARY KEY (stream, consumer, "offset")
) WITHOUT ROWID;
`;

/**
 * WAL with synchronous=NORMAL: COMMIT does not fsync; the log fsyncs the WAL itself, off the event loop,
 * before it acknowledges anything (wal-sync.ts). NORMAL still syncs the WAL before each checkpoint and
 * the database after it.
 */
export function configure(db: Database.Database, path: string): void {
  db.pragma(`page_size = ${PAGE_SIZE_BYTES}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (String(mode).toLowerCase() !== 'wal' && path !== ':memory:') {
    throw new EventLogError('EBB_LOG_OPEN_FAILED', `event log ${path}: cannot use WAL mode (got ${mode})`);
  }
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma(`cache_size = -${CACHE_KIB}`);
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new EventLogError(
      'EBB_LOG_OPEN_FAILED',
      `event log ${path} has schema version ${version}; this Ebb reads up to ${SCHEMA_VERSION}`,
    );
  }
  db.exec(TABLES);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

/** Every statement the log runs, prepared once. */
export function prepare(db: Database.Database) {
  return {
    insertEvent: db.prepare('INSERT INTO events (stream, "offset", appended_at, body) VALUES (?, ?, ?, ?)'),
    read: db
      .prepare(
        'SELECT "offset", appended_at, body FROM events WHERE stream = ? AND "offset" > ? AND "offset" <= ? ORDER BY "offset" LIMIT ?',
      )
      .raw(true),
    firstOffset: db.prepare('SELECT MIN("offset") FROM events WHERE stream = ?').pluck(true),
    deleteRange: db.prepare('DELETE FROM events WHERE stream = ? AND "offset" BETWEEN ? AND ?'),
    allHeads: db.prepare('SELECT stream, head FROM streams').raw(true),
    upsertHead: db.prepare(
      'INSERT INTO streams (stream, head) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET head = excluded.head',
    ),
    consumer: db.prepare('SELECT committed FROM consumers WHERE stream = ? AND consumer = ?').pluck(true),
    insertConsumer: db.prepare('INSERT INTO consumers (stream, consumer, committed) VALUES (?, ?, ?)'),
    commit: db.prepare(
      'UPDATE consumers SET committed = MAX(committed, ?) WHERE stream = ? AND consumer = ?',
    ),
    consumerFloor: db.prepare('SELECT COUNT(*), MIN(committed) FROM consumers WHERE stream = ?').raw(true),
    deleteConsumer: db.prepare('DELETE FROM consumers WHERE stream = ? AND consumer = ?'),
    deleteConsumers: db.prepare('DELETE FROM consumers WHERE stream = ?'),
    putRetry: db.prepare(
      `INSERT INTO retries (stream, consumer, "offset", attempt, due_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream, consumer, "offset") DO UPDATE SET attempt = excluded.attempt, due_at = excluded.due_at`,
    ),
    deleteRetry: db.prepare('DELETE FROM retries WHERE stream = ? AND consumer = ? AND "offset" = ?'),
    listRetries: db
      .prepare(
        'SELECT "offset", attempt, due_at FROM retries WHERE stream = ? AND consumer = ? ORDER BY due_at, "offset"',
      )
      .raw(true),
    deleteConsumerRetries: db.prepare('DELETE FROM retries WHERE stream = ? AND consumer = ?'),
    deleteStreamRetries: db.prepare('DELETE FROM retries WHERE stream = ?'),
  };
}

export type Statements = ReturnType<typeof prepare>;
