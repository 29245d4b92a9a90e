/**
 * A trigger's position in its stream. Deliveries finish out of order, but the committed offset must never
 * pass an unfinished event (that event would be lost on a restart), so the tracker keeps the offsets read
 * and not yet done, in order, and its watermark is the highest offset below which everything is done.
 * Offsets need not be contiguous: the watermark moves over whatever offsets the reader actually saw.
 *
 * The committer writes the watermark to the log in batches (every `everyDone` done events or after
 * `intervalMs`), one commit at a time, and never goes backwards.
 */
import type { EventLog } from '../types.js';
import { Deque } from './queue.js';

export class OffsetTracker {
  private readonly order = new Deque<number>();
  private readonly done = new Set<number>();
  private mark: number;

  constructor(committed: number) {
    this.mark = committed;
  }

  /** Every offset ≤ watermark is done. */
  get watermark(): number {
    return this.mark;
  }

  /** Offsets tracked above the watermark (unfinished, or finished behind an unfinished one). */
  get size(): number {
    return this.order.length;
  }

  /** The reader saw `offset` (greater than any offset tracked before). */
  track(offset: number): void {
    this.order.push(offset);
  }

  /** `offset` needs no delivery (filtered out): done as soon as it is seen. */
  skip(offset: number): void {
    if (this.order.length === 0) this.mark = Math.max(this.mark, offset);
    else {
      this.order.push(offset);
      this.done.add(offset);
    }
  }

  complete(offset: number): void {
    if (this.order.peek() !== offset) {
      this.done.add(offset);
      return;
    }
    this.order.shift();
    this.mark = offset;
    for (
      let next = this.order.peek();
      next !== undefined && this.done.delete(next);
      next = this.order.peek()
    ) {
      this.order.shift();
      this.mark = next;
    }
  }
}

export interface CommitterOptions {
  log: EventLog;
  stream: string;
  consumer: string;
  committed: number;
  /** Commit after this many done events. */
  everyDone: number;
  /** Commit at most this long after the watermark moved, ms. */
  intervalMs: number;
  onError: (err: unknown) => void;
}

export class Committer {
  private committed: number;
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;

  constructor(
    private readonly opts: CommitterOptions,
    private readonly watermark: () => number,
  ) {
    this.committed = opts.committed;
  }

  /** The offset last committed durably. */
  get offset(): number {
    return this.committed;
  }

  /** Counts done events; commits when a batch is full (and no commit is under way) or the interval passed. */
  noteDone(count = 1): void {
    this.pending += count;
    if (this.pending >= this.opts.everyDone && !this.inFlight) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.opts.intervalMs);
      this.timer.unref();
    }
  }

  /**
   * Resolves once the watermark as of this call is committed (waiting for a commit under way first), or
   * once a commit failed (reported through `onError`; the next flush tries again).
   */
  async flush(): Promise<void> {
    this.stop();
    const target = this.watermark();
    while (this.committed < target) {
      if (!(await (this.inFlight ?? this.startCommit()))) return;
    }
  }

  /** Stops the timer; a later flush() still works. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startCommit(): Promise<boolean> {
    const offset = this.watermark();
    this.pending = 0;
    this.inFlight = this.opts.log
      .commit(this.opts.stream, this.opts.consumer, offset)
      .then(
        () => {
          this.committed = Math.max(this.committed, offset);
          return true;
        },
        (err: unknown) => {
          this.opts.onError(err);
          return false;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
