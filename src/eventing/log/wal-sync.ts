/**
 * Makes the event log's committed transactions durable by fsyncing its WAL file on libuv's thread pool,
 * instead of inside COMMIT on the event loop.
 *
 * The log's connection runs with synchronous=NORMAL: COMMIT writes the transaction's frames to the WAL
 * (into the page cache) and returns without an fsync. An fsync of the WAL file then puts every frame
 * written before it on disk — exactly what synchronous=FULL's fsync at COMMIT does, for every transaction
 * committed so far at once. Linux flushes a file's dirty pages whichever descriptor wrote them, so a
 * descriptor of our own works. SQLite itself still syncs the WAL before a checkpoint and the database
 * file after one (what NORMAL keeps), so checkpoints stay safe.
 *
 * Why: with FULL, each group commit blocked the event loop for its fsync (0.3–0.5 ms on the reference
 * machine, ~15 µs per event at 30 events a batch, a fifth of the broker's time), during which the ingress
 * and the dispatchers could do nothing. Here the loop goes on serving HTTP while the disk syncs.
 *
 * The descriptor stays valid because SQLite keeps the -wal file (same inode; a checkpoint may truncate it)
 * until the last connection closes, and the log's own connection is open as long as this object.
 */
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export class WalSync {
  private fd: number | undefined;

  /** `walPath` undefined: nothing to sync (an in-memory database). The file must exist. */
  constructor(walPath: string | undefined) {
    if (walPath === undefined) return;
    // Read-only is enough: fsync needs no write access on Linux.
    this.fd = openSync(walPath, 'r');
    // SQLite syncs a new WAL's directory entry with the WAL's first sync, which under NORMAL only comes
    // with a checkpoint; without it a power cut could lose the whole (synced) file. Sync it once here.
    try {
      syncDirectory(dirname(walPath));
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Flushes every frame written so far; `done` runs on the event loop afterwards, with the error if any. */
  sync(done: (error: Error | null) => void): void {
    if (this.fd === undefined) setImmediate(done, null);
    else fsync(this.fd, done);
  }

  /** The same, blocking (close and other rare paths). Throws on failure. */
  syncNow(): void {
    if (this.fd !== undefined) fsyncSync(this.fd);
  }

  /** Call only with no `sync` in flight: the descriptor number could be reused under it. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function syncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
