/**
 * What became of the orders: reads the food-delivery store (the SQLite file the functions write, opened
 * read-only beside them) for newly stored orders and dead letters, and matches them with what the
 * producer sent. An order's latency is produce → stored: the first successful send to its row's
 * `storedAt`. The final accounting groups sends by orderId, so a duplicate is any send after the first of
 * its orderId, and an order is lost when it was sent and is neither stored nor dead-lettered.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Sent } from './producer.js';

export interface Accounting {
  produced: number;
  stored: number;
  duplicates: number;
  deadLettered: number;
  lost: number;
  /** Up to 10 orderIds that were lost, to look for. */
  lostKeys: string[];
  /** Dead letters whose knativeerrorcode was not 400. */
  otherErrors: number;
}

interface DeadLetter {
  id: string;
  keys: string | null;
  errorCode: string | null;
}

export class StoreTracker {
  #db: Database.Database | undefined;
  #orderRow = 0;
  #letterRow = 0;
  readonly stored = new Map<string, number>();
  readonly deadLetters = new Map<string, DeadLetter>();
  /** Latencies (ms) of orders stored since the last `takeLatencies`. */
  #latencies: number[] = [];
  readonly #firstSent = new Map<string, number>();
  #seen = 0;

  constructor(
    readonly path: string,
    private readonly sent: Sent[],
  ) {}

  /** Reads what is new; returns how many orders were newly stored. */
  poll(): number {
    this.#noteSends();
    const db = this.#open();
    if (!db) return 0;
    const rows = db
      .prepare('SELECT rowid AS r, orderId, storedAt FROM orders WHERE rowid > ? ORDER BY rowid')
      .all(this.#orderRow) as { r: number; orderId: string; storedAt: number }[];
    for (const row of rows) {
      this.#orderRow = row.r;
      this.stored.set(row.orderId, row.storedAt);
      const sentAt = this.#firstSent.get(row.orderId);
      if (sentAt !== undefined) this.#latencies.push(Math.max(0, row.storedAt - sentAt));
    }
    const letters = db
      .prepare('SELECT rowid AS r, id, keys, errorCode FROM dead_letters WHERE rowid > ? ORDER BY rowid')
      .all(this.#letterRow) as ({ r: number } & DeadLetter)[];
    for (const l of letters) {
      this.#letterRow = l.r;
      this.deadLetters.set(l.keys?.split(' ')[0] || l.id, { id: l.id, keys: l.keys, errorCode: l.errorCode });
    }
    return rows.length;
  }

  takeLatencies(): number[] {
    const out = this.#latencies;
    this.#latencies = [];
    return out;
  }

  /** Orders sent that are not yet accounted for (stored, a duplicate, or dead-lettered). */
  inFlight(): number {
    const a = this.account();
    return a.lost;
  }

  account(): Accounting {
    const valid = new Map<string, number>();
    const malformed = new Set<string>();
    for (const s of this.sent) {
      if (s.kind === 'malformed') malformed.add(s.key);
      else valid.set(s.key, (valid.get(s.key) ?? 0) + 1);
    }
    let stored = 0;
    let duplicates = 0;
    const lostKeys: string[] = [];
    let lost = 0;
    for (const [key, sends] of valid) {
      duplicates += sends - 1;
      if (this.stored.has(key)) stored++;
      else {
        lost++;
        if (lostKeys.length < 10) lostKeys.push(key);
      }
    }
    let deadLettered = 0;
    let otherErrors = 0;
    for (const key of malformed) {
      const letter = this.deadLetters.get(key);
      if (!letter) {
        lost++;
        if (lostKeys.length < 10) lostKeys.push(key);
        continue;
      }
      deadLettered++;
      if (letter.errorCode !== '400') otherErrors++;
    }
    return { produced: this.sent.length, stored, duplicates, deadLettered, lost, lostKeys, otherErrors };
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  #noteSends(): void {
    for (; this.#seen < this.sent.length; this.#seen++) {
      const s = this.sent[this.#seen]!;
      if (s.kind !== 'malformed' && !this.#firstSent.has(s.key)) this.#firstSent.set(s.key, s.at);
    }
  }

  #open(): Database.Database | undefined {
    if (this.#db) return this.#db;
    if (!existsSync(this.path)) return undefined;
    try {
      this.#db = new Database(this.path, { readonly: true, timeout: 5_000 });
      return this.#db;
    } catch {
      return undefined; // created but not yet a database: next poll
    }
  }
}
