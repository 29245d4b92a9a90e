/**
 * One averaging window exactly as Knative keeps it (pkg/autoscaler/aggregation/bucketing.go,
 * TimedFloat64Buckets and WeightedFloat64Buckets): a ring of one-second buckets, a running `windowTotal`
 * updated by the same additions and subtractions in the same order, `firstWrite`/`lastWrite`, and the
 * same arithmetic for the averages (the linear one rounded to 6 digits) — so the KPA's decisions agree
 * with Knative's to the last float64 bit, which re-summing the buckets does not (test/knative).
 * Hand-written: it is a port of Knative's algorithm, which no npm library implements.
 */

import { goPowInt, smoothingCoefficient } from './go-pow.js';

export { smoothingCoefficient };

const PRECISION = 6;

/** Knative's roundToNDigits: math.Round since 0.51 (0.42 truncated with math.Floor). */
const roundToNDigits = (n: number, f: number) => {
  const p = 10 ** n;
  return Math.round(f * p) / p;
};

/** Times are whole epoch seconds (granularity 1 s); -Infinity stands for Go's zero time. */
export class KnativeWindow {
  readonly windowMs: number;
  readonly #buckets: number[];
  readonly #smoothing: number;
  #firstWrite = Number.NEGATIVE_INFINITY;
  #lastWrite = Number.NEGATIVE_INFINITY;
  #windowTotal = 0;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
    const n = Math.ceil(windowMs / 1_000);
    this.#buckets = new Array<number>(n).fill(0);
    this.#smoothing = smoothingCoefficient(n);
  }

  get lastWriteSecond(): number | undefined {
    return Number.isFinite(this.#lastWrite) ? this.#lastWrite : undefined;
  }

  /** Record(now, value). */
  record(nowMs: number, value: number): void {
    const bucket = Math.floor(nowMs / 1_000);
    const len = this.#buckets.length;
    if (this.#lastWrite !== bucket) {
      if (bucket * 1_000 + this.windowMs <= this.#lastWrite * 1_000) return; // too old for the window
      if (!Number.isFinite(this.#firstWrite) || this.#firstWrite > bucket) this.#firstWrite = bucket;
      if (bucket > this.#lastWrite) {
        if ((bucket - this.#lastWrite) * 1_000 >= this.windowMs) {
          this.#firstWrite = bucket;
          this.#buckets.fill(0);
          this.#windowTotal = 0;
        } else {
          for (let i = this.#lastWrite + 1; i <= bucket; i++) {
            const idx = i % len;
            this.#windowTotal -= this.#buckets[idx]!;
            this.#buckets[idx] = 0;
          }
        }
        this.#lastWrite = bucket;
      }
    }
    this.#buckets[bucket % len]! += value;
    this.#windowTotal += value;
  }

  /** IsEmpty(now): nothing written for more than the window. */
  isEmpty(nowMs: number): boolean {
    return (Math.floor(nowMs / 1_000) - this.#lastWrite) * 1_000 > this.windowMs;
  }

  /** TimedFloat64Buckets.WindowAverage(now). */
  windowAverage(nowMs: number): number {
    const now = Math.floor(nowMs / 1_000);
    const len = this.#buckets.length;
    const d = now - this.#lastWrite;
    if (d <= 0) {
      const numB = Math.min(this.#lastWrite - this.#firstWrite + 1, len);
      return roundToNDigits(PRECISION, this.#windowTotal / numB);
    }
    if (d * 1_000 < this.windowMs) {
      let ret = this.#windowTotal;
      for (let i = this.#lastWrite + 1; i <= now; i++) ret -= this.#buckets[i % len]!;
      const numB = Math.min(this.#lastWrite - this.#firstWrite + 1, len - (now - this.#lastWrite));
      return roundToNDigits(PRECISION, ret / numB);
    }
    return 0;
  }

  /** WeightedFloat64Buckets.WindowAverage(now): newer seconds weigh exponentially more. */
  weightedAverage(nowMs: number): number {
    if (this.isEmpty(nowMs)) return 0;
    const now = Math.floor(nowMs / 1_000);
    const len = this.#buckets.length;
    let numB = len;
    let multiplier = this.#smoothing;
    if (now > this.#lastWrite) {
      const numZ = now - this.#lastWrite;
      multiplier = multiplier * goPowInt(1 - this.#smoothing, numZ);
      numB -= numZ;
    }
    const start = this.#lastWrite + len;
    let ret = 0;
    for (let i = 0; i < numB; i++) {
      ret += this.#buckets[(start - i) % len]! * multiplier;
      multiplier *= 1 - this.#smoothing;
    }
    return ret;
  }
}
