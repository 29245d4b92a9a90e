/**
 * The one-second buckets behind a revision's window averages. Each window size asked for (the stable and
 * the panic window) is a {@link KnativeWindow} — Knative's own ring and running total, so averages agree
 * with Knative's to the bit — fed every record from its creation; a window first asked for later is
 * seeded by replaying the retained history, which is exact while that history reaches back to the
 * revision's start (the autoscaler asks within its first tick). The history — one shared list of
 * one-second sums, kept for the longest window — also answers "no data" and the newest second. Writes
 * must come in time order (the collector writes each finished second once); an earlier second than the
 * newest is ignored.
 */

import { KnativeWindow, smoothingCoefficient } from './window.js';

const SECOND_MS = 1_000;
/** Window sizes kept at once (stable and panic, and a previous size while settings change). */
const MAX_WINDOWS = 4;

export class TimedBuckets {
  #retentionSeconds: number;
  readonly #windows = new Map<number, KnativeWindow>();
  readonly #secs: number[] = [];
  readonly #values: number[] = [];
  #head = 0;

  /** @param retentionMs the longest window that will be asked for. */
  constructor(retentionMs: number) {
    this.#retentionSeconds = Math.ceil(retentionMs / SECOND_MS);
  }

  /** Changes the longest window that will be asked for; older seconds are dropped on later writes. */
  setRetention(retentionMs: number): void {
    this.#retentionSeconds = Math.ceil(retentionMs / SECOND_MS);
  }

  /** The newest written second (epoch seconds), or undefined. */
  get lastWriteSecond(): number | undefined {
    return this.#secs.length > this.#head ? this.#secs[this.#secs.length - 1] : undefined;
  }

  /** Starts keeping a window of `windowMs` now (else it starts when first asked for). */
  track(windowMs: number): KnativeWindow {
    let w = this.#windows.get(windowMs);
    if (w) return w;
    w = new KnativeWindow(windowMs);
    for (let i = this.#head; i < this.#secs.length; i++)
      w.record(this.#secs[i]! * SECOND_MS, this.#values[i]!);
    if (this.#windows.size >= MAX_WINDOWS) this.#windows.delete(this.#windows.keys().next().value!);
    this.#windows.set(windowMs, w);
    return w;
  }

  /** Adds `value` to the bucket of `nowMs`. */
  record(nowMs: number, value: number): void {
    for (const w of this.#windows.values()) w.record(nowMs, value);
    const sec = Math.floor(nowMs / SECOND_MS);
    const last = this.lastWriteSecond;
    if (last !== undefined && sec < last) return;
    if (last === sec) {
      this.#values[this.#values.length - 1]! += value;
      return;
    }
    this.#append(sec, value);
  }

  /**
   * Writes `value` into every second from `fromMs` to `toMs` (inclusive), as if written one by one; only
   * the seconds within retention are stored.
   */
  recordRun(fromMs: number, toMs: number, value: number): void {
    const from = Math.floor(fromMs / SECOND_MS);
    const to = Math.floor(toMs / SECOND_MS);
    if (to < from) return;
    const start = Math.max(from, to - this.#retentionSeconds + 1);
    if (start > from) this.record(start * SECOND_MS - SECOND_MS, 0);
    for (let sec = start; sec <= to; sec++) this.record(sec * SECOND_MS, value);
  }

  /** Knative's IsEmpty: nothing written during the last `windowMs`. */
  isEmpty(nowMs: number, windowMs: number): boolean {
    const last = this.lastWriteSecond;
    if (last === undefined) return true;
    return (Math.floor(nowMs / SECOND_MS) - last) * SECOND_MS > windowMs;
  }

  /** Knative's TimedFloat64Buckets.WindowAverage for a window of `windowMs`. */
  windowAverage(nowMs: number, windowMs: number): number {
    return this.track(windowMs).windowAverage(nowMs);
  }

  /** Knative's WeightedFloat64Buckets.WindowAverage: newer seconds weigh exponentially more. */
  weightedAverage(nowMs: number, windowMs: number): number {
    return this.track(windowMs).weightedAverage(nowMs);
  }

  #append(sec: number, value: number): void {
    this.#secs.push(sec);
    this.#values.push(value);
    const oldest = sec - this.#retentionSeconds;
    while (this.#head < this.#secs.length - 1 && this.#secs[this.#head]! <= oldest) this.#head++;
    if (this.#head >= 64 && this.#head * 2 >= this.#secs.length) {
      this.#secs.splice(0, this.#head);
      this.#values.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

export { smoothingCoefficient };
