/**
 * Per-revision log files with size-based rotation and live followers. Every replica of a revision writes
 * to one file, `<logDir>/<namespace>_<name>.log` (at most `maxFileBytes`, then renamed to `.log.1`; two
 * files are kept). Writes are synchronous appends so a `read` right after output sees it.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { RevisionKey } from '../types.js';

/** Size at which a revision's log file is rotated. */
export const DEFAULT_LOG_FILE_BYTES = 5 * 1024 * 1024;

export interface LogStoreOptions {
  dir: string;
  /** @defaultValue 5 MiB */
  maxFileBytes?: number;
  /** Told when a follower throws; the follower stays subscribed. */
  onFollowerError?: (err: unknown) => void;
}

interface OpenFile {
  fd: number;
  size: number;
}

export type LineListener = (line: string) => void;

export class LogStore {
  readonly dir: string;
  private readonly maxFileBytes: number;
  private readonly files = new Map<RevisionKey, OpenFile>();
  private readonly followers = new Map<RevisionKey, Set<LineListener>>();
  private readonly onFollowerError: (err: unknown) => void;

  constructor(options: LogStoreOptions) {
    this.dir = options.dir;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_LOG_FILE_BYTES;
    this.onFollowerError = options.onFollowerError ?? (() => {});
  }

  /** The current log file of a revision: the key with anything but `[A-Za-z0-9._-]` replaced by `_`. */
  pathFor(key: RevisionKey): string {
    return join(this.dir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.log`);
  }

  /** Appends lines (without newlines) to the revision's log and hands each to its followers. */
  append(key: RevisionKey, lines: string[]): void {
    if (lines.length === 0) return;
    const data = Buffer.from(`${lines.join('\n')}\n`);
    const file = this.open(key);
    if (file.size > 0 && file.size + data.length > this.maxFileBytes) this.rotate(key, file);
    writeSync(file.fd, data);
    file.size += data.length;
    const listeners = this.followers.get(key);
    if (!listeners) return;
    for (const line of lines) {
      for (const listener of listeners) {
        try {
          listener(line);
        } catch (err) {
          this.onFollowerError(err);
        }
      }
    }
  }

  /** The revision's log (the rotated file, then the current one); the last `tail` lines if given. */
  read(key: RevisionKey, tail?: number): string {
    const path = this.pathFor(key);
    let text = '';
    for (const p of [`${path}.1`, path]) if (existsSync(p)) text += readFileSync(p, 'utf8');
    if (tail === undefined) return text;
    if (tail <= 0) return '';
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.length === 0 ? '' : `${lines.slice(-tail).join('\n')}\n`;
  }

  /** Calls `onLine` for every line appended from now on; returns the unsubscribe function. */
  follow(key: RevisionKey, onLine: LineListener): () => void {
    let listeners = this.followers.get(key);
    if (!listeners) {
      listeners = new Set();
      this.followers.set(key, listeners);
    }
    listeners.add(onLine);
    return () => {
      const set = this.followers.get(key);
      set?.delete(onLine);
      if (set?.size === 0) this.followers.delete(key);
    };
  }

  /** Closes the revision's file (it reopens on the next append); followers stay subscribed. */
  close(key: RevisionKey): void {
    const file = this.files.get(key);
    if (!file) return;
    this.files.delete(key);
    closeSync(file.fd);
  }

  closeAll(): void {
    for (const key of [...this.files.keys()]) this.close(key);
  }

  private open(key: RevisionKey): OpenFile {
    let file = this.files.get(key);
    if (file) return file;
    mkdirSync(this.dir, { recursive: true });
    const path = this.pathFor(key);
    const fd = openSync(path, 'a');
    file = { fd, size: statSync(path).size };
    this.files.set(key, file);
    return file;
  }

  private rotate(key: RevisionKey, file: OpenFile): void {
    const path = this.pathFor(key);
    closeSync(file.fd);
    renameSync(path, `${path}.1`);
    file.fd = openSync(path, 'a');
    file.size = 0;
    this.files.set(key, file);
  }
}
