/**
 * CrashLoopBackOff for a revision's replicas, as the kubelet does it: the delay before the next start
 * doubles from `initialMs` up to `maxMs`, and starts over once a replica has stayed up `resetAfterMs`.
 * Kubernetes uses 10 s doubling to 5 min with a 10 min reset; a local platform wants faster feedback.
 */

/** First delay after a crash. */
export const DEFAULT_BACKOFF_INITIAL_MS = 100;
/** Cap on the delay between start attempts. */
export const DEFAULT_BACKOFF_MAX_MS = 10_000;
/** A replica that stays up this long resets the backoff (and the revision's crash state). */
export const DEFAULT_BACKOFF_RESET_AFTER_MS = 10_000;

export interface BackoffOptions {
  /** @defaultValue 100 */
  initialMs?: number;
  /** @defaultValue 10_000 */
  maxMs?: number;
  /** @defaultValue 10_000 */
  resetAfterMs?: number;
}

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
  private last = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? DEFAULT_BACKOFF_INITIAL_MS;
    this.maxMs = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
    this.resetAfterMs = options.resetAfterMs ?? DEFAULT_BACKOFF_RESET_AFTER_MS;
  }

  /** The delay to wait before the next start attempt; each call doubles the one after. */
  next(): number {
    this.last = this.last === 0 ? this.initialMs : Math.min(this.last * 2, this.maxMs);
    return this.last;
  }

  /** The delay last returned by `next()`, 0 after a reset. */
  get current(): number {
    return this.last;
  }

  reset(): void {
    this.last = 0;
  }
}
