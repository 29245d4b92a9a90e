/**
 * The food-delivery store: one SQLite database (better-sqlite3) that every replica of every function
 * opens — WAL, so readers never block the writer, and a busy timeout, so concurrent replicas wait their
 * turn instead of failing. Its path is `ORDER_DB` (the `food-delivery` ConfigMap's `database`), else
 * `ebb-food-delivery/orders.db` in the temp folder. On a Knative cluster, point it at a volume or swap this
 * file for your database's client: the handlers only call `openStore()`.
 *
 *   orders        one row per orderId (the upsert key); `deliveries` counts how often it came
 *   dead_letters  one row per dead-lettered event id, with Knative's error extensions
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

export type Store = Database.Database;

export const databasePath = (): string =>
  process.env.ORDER_DB || join(tmpdir(), 'ebb-food-delivery', 'orders.db');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  orderId     TEXT PRIMARY KEY,
  orderStatus TEXT NOT NULL,
  userPhoneNo TEXT NOT NULL,
  prodId      TEXT NOT NULL,
  prodName    TEXT NOT NULL,
  chargeMoney REAL NOT NULL,
  chargeTime  TEXT NOT NULL,
  finishTime  TEXT NOT NULL,
  storedAt    INTEGER NOT NULL,
  deliveries  INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS dead_letters (
  id          TEXT PRIMARY KEY,
  errorCode   TEXT,
  errorDest   TEXT,
  errorData   TEXT,
  keys        TEXT,
  data        TEXT,
  receivedAt  INTEGER NOT NULL,
  deliveries  INTEGER NOT NULL DEFAULT 1
);`;

let store: Store | undefined;

export function openStore(): Store {
  if (store) return store;
  const path = databasePath();
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  store = db;
  return db;
}

export function closeStore(): void {
  store?.close();
  store = undefined;
}
