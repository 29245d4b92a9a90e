/**
 * Where each ApiServerSource has got to: the resourceVersion up to which every watched change has been
 * delivered (or dropped by the source's rules), per source uid, in a small SQLite database of its own in
 * the data directory (`apiserversources.db`). A restarted `ebb up` resumes each source's watch there, so
 * changes it had not delivered yet — the sink was down, Ebb stopped mid-retry — still go out.
 *
 * Writes are WAL with `synchronous = NORMAL`: a power loss may take back the last few checkpoints, which
 * only sends those changes again (at-least-once); a checkpoint is only ever written after what it covers
 * was settled, so it can never run ahead of what was delivered.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export const CHECKPOINTS_FILE = 'apiserversources.db';

export class CheckpointStore {
  private readonly getStmt: Database.Statement<[string], { rv: number }>;
  private readonly setStmt: Database.Statement<[string, string, number, number]>;
  private readonly clearOthers: Database.Statement<[string, string]>;
  private readonly deleteBySource: Database.Statement<[string]>;

  private constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS checkpoints (
      uid TEXT PRIMARY KEY,
      source TEXT NOT NULL,
      rv INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
    this.getStmt = db.prepare('SELECT rv FROM checkpoints WHERE uid = ?');
    this.setStmt = db.prepare(
      `INSERT INTO checkpoints (uid, source, rv, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (uid) DO UPDATE SET rv = excluded.rv, updated_at = excluded.updated_at`,
    );
    this.clearOthers = db.prepare('DELETE FROM checkpoints WHERE source = ? AND uid != ?');
    this.deleteBySource = db.prepare('DELETE FROM checkpoints WHERE source = ?');
  }

  /** Opens (creating if needed) the database at `path`; ':memory:' for tests. */
  static open(path: string): CheckpointStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      return new CheckpointStore(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** The resourceVersion source `uid` has settled up to; undefined when it has never run. */
  get(uid: string): number | undefined {
    return this.getStmt.get(uid)?.rv;
  }

  /**
   * Records that source `uid` (`namespace/name` = `source`) settled every change up to `rv`. The first
   * checkpoint of a uid also forgets an older source of the same name.
   */
  set(uid: string, source: string, rv: number): void {
    const first = this.get(uid) === undefined;
    this.setStmt.run(uid, source, rv, Date.now());
    if (first) this.clearOthers.run(source, uid);
  }

  /** Forgets source `namespace/name` (it was deleted). */
  forget(source: string): void {
    this.deleteBySource.run(source);
  }

  close(): void {
    this.db.close();
  }
}
