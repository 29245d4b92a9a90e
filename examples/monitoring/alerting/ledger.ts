/**
 * Alert de-duplication that holds across replicas and restarts: one SQLite database (WAL, better-sqlite3)
 * in ALERT_STATE_DIR, which every replica of the Service opens, so the same alert key is posted once per
 * window however many replicas run — and also after a scale to zero, which in-memory state would not survive.
 *
 * A key is claimed before the post and confirmed after it:
 *   claim    one atomic upsert takes the key when it is free or its window has ended, as `pending` for a
 *            short lease; a claim by someone else means suppressed (the count of repeats goes up).
 *   confirm  after Slack answered `ok`: the window starts, the key is suppressed until it ends.
 *   release  when the post failed: the key is free again, so the Trigger's retry of this event can post.
 * A replica that dies between claim and post leaves a pending claim that expires after the lease, so the
 * redelivered event alerts then rather than never.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const LEDGER_FILE = 'alerts.db';
/** How long a claim waits for its post before another delivery may take the key. */
export const CLAIM_LEASE_MS = 30_000;
/** Rows whose window ended this long ago are removed at start. */
const PRUNE_AFTER_MS = 24 * 60 * 60 * 1000;
/** How long a write waits for another replica's (SQLite busy timeout). */
const BUSY_TIMEOUT_MS = 5_000;

export interface Claim {
  key: string;
  token: string;
  at: number;
}

export type ClaimResult =
  | { claimed: true; claim: Claim }
  | { claimed: false; until: number; repeats: number; pending: boolean };

interface Row {
  until_ms: number;
  repeats: number;
  state: string;
}

export class AlertLedger {
  private readonly db: Database.Database;
  private readonly windowMs: number;
  private readonly take: Database.Statement;
  private readonly repeat: Database.Statement;
  private readonly fire: Database.Statement;
  private readonly free: Database.Statement;

  constructor(dir: string, windowMs: number) {
    mkdirSync(dir, { recursive: true });
    this.windowMs = windowMs;
    this.db = new Database(join(dir, LEDGER_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS alerts (
      key TEXT PRIMARY KEY, token TEXT NOT NULL, state TEXT NOT NULL,
      until_ms INTEGER NOT NULL, fired_at_ms INTEGER NOT NULL, repeats INTEGER NOT NULL DEFAULT 0)`);
    this.db.prepare('DELETE FROM alerts WHERE until_ms < ?').run(Date.now() - PRUNE_AFTER_MS);
    this.take = this.db.prepare(`INSERT INTO alerts (key, token, state, until_ms, fired_at_ms, repeats)
      VALUES (@key, @token, 'pending', @lease, @now, 0)
      ON CONFLICT (key) DO UPDATE SET token = excluded.token, state = 'pending', until_ms = excluded.until_ms,
        fired_at_ms = excluded.fired_at_ms, repeats = 0
      WHERE alerts.until_ms <= @now`);
    this.repeat = this.db.prepare(
      'UPDATE alerts SET repeats = repeats + 1 WHERE key = ? RETURNING until_ms, repeats, state',
    );
    this.fire = this.db.prepare(
      "UPDATE alerts SET state = 'fired', until_ms = @until WHERE key = @key AND token = @token",
    );
    this.free = this.db.prepare('DELETE FROM alerts WHERE key = @key AND token = @token');
  }

  claim(key: string, now = Date.now()): ClaimResult {
    const token = randomUUID();
    if (this.take.run({ key, token, lease: now + CLAIM_LEASE_MS, now }).changes === 1) {
      return { claimed: true, claim: { key, token, at: now } };
    }
    const row = this.repeat.get(key) as Row | undefined;
    // The row can only vanish between the two statements if its claim was just released: take it again.
    if (!row) return this.claim(key, now);
    return { claimed: false, until: row.until_ms, repeats: row.repeats, pending: row.state === 'pending' };
  }

  /** The post went out: suppress the key for the window, counted from the claim. Returns the window's end. */
  confirm(claim: Claim): number {
    const until = claim.at + this.windowMs;
    this.fire.run({ key: claim.key, token: claim.token, until });
    return until;
  }

  release(claim: Claim): void {
    this.free.run({ key: claim.key, token: claim.token });
  }

  close(): void {
    this.db.close();
  }
}
