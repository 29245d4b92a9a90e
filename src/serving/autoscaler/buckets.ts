/**
 * Knative's TimedFloat64Buckets (pkg/autoscaler/aggregation/bucketing.go) over one shared history of
 * one-second buckets, so a single record stream answers the stable and the panic window alike.
 *
 * Knative keeps one ring per window; its averages depend on three things this history reproduces for
 * any window W of n = ceil(W / 1 s) buckets:
 * - lastWrite, the newest written second;
 * - firstWrite, reset to a write that came W or more after the previous one (a window with no data);
 * - the ring's contents, the buckets in [lastWrite − n + 1, lastWrite] (seconds never written are 0).
 * Writes must come in time order (the collector writes each finished second once); an earlier second
 * than the newest is ignored.
 */

const SECOND_MS = 1_000;
/** Knative's weightPrecision and minExponent for the weighted-exponential average. */
const WEIGHT_PRECISION = 0.9999;
const MIN_EXPONENT = 0.2;
const PRECISION_DIGITS = 6;

/** Knative's roundToNDigits: truncates (math.Floor), it does not round to nearest. */
const roundTo6 = (v: number) => {
  const p = 10 ** PRECISION_DIGITS;
  return Math.floor(v * p) / p;
};

export class TimedBuckets {
  #retentionSeconds: number;
  readonly #secs: number[] = [];
  readonly #values: number[] = [];
  /** Seconds since the previous write (Infinity for the first). */
  readonly #gaps: number[] = [];
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

  /** Adds `value` to the bucket of `nowMs`. */
  record(nowMs: number, value: number): void {
    const sec = Math.floor(nowMs / SECOND_MS);
    const last = this.lastWriteSecond;
    if (last !== undefined && sec < last) return;
    if (last === sec) {
      this.#values[this.#values.length - 1]! += value;
      return;
    }
    this.#append(sec, value, last === undefined ? Number.POSITIVE_INFINITY : sec - last);
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
    const last = this.lastWriteSecond;
    if (last === undefined) return 0;
    const n = Math.ceil(windowMs / SECOND_MS);
    const now = Math.floor(nowMs / SECOND_MS);
    const d = now - last;
    if (d * SECOND_MS >= windowMs) return 0;
    const span = Math.min(last - this.#firstWrite(last, n, windowMs) + 1, n);
    if (d <= 0) return roundTo6(this.#sum(last - n + 1, last) / span);
    return roundTo6(this.#sum(now - n + 1, last) / Math.min(span, n - d));
  }

  /** Knative's WeightedFloat64Buckets.WindowAverage: newer seconds weigh exponentially more. */
  weightedAverage(nowMs: number, windowMs: number): number {
    if (this.isEmpty(nowMs, windowMs)) return 0;
    const last = this.lastWriteSecond!;
    const n = Math.ceil(windowMs / SECOND_MS);
    const coeff = smoothingCoefficient(n);
    let multiplier = coeff;
    let count = n;
    const now = Math.floor(nowMs / SECOND_MS);
    if (now > last) {
      multiplier *= (1 - coeff) ** (now - last);
      count -= now - last;
    }
    let total = 0;
    let i = this.#secs.length - 1;
    for (let sec = last; sec > last - count; sec--) {
      while (i >= this.#head && this.#secs[i]! > sec) i--;
      if (i >= this.#head && this.#secs[i] === sec) total += this.#values[i]! * multiplier;
      multiplier *= 1 - coeff;
    }
    return total;
  }

  #append(sec: number, value: number, gap: number): void {
    this.#secs.push(sec);
    this.#values.push(value);
    this.#gaps.push(gap);
    const oldest = sec - this.#retentionSeconds;
    while (this.#head < this.#secs.length - 1 && this.#secs[this.#head]! <= oldest) this.#head++;
    if (this.#head >= 64 && this.#head * 2 >= this.#secs.length) {
      this.#secs.splice(0, this.#head);
      this.#values.splice(0, this.#head);
      this.#gaps.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** The newest write that came a whole window after its predecessor, searched within the ring. */
  #firstWrite(last: number, n: number, windowMs: number): number {
    for (let i = this.#secs.length - 1; i >= this.#head && this.#secs[i]! > last - n; i--) {
      if (this.#gaps[i]! * SECOND_MS >= windowMs) return this.#secs[i]!;
    }
    return last - n + 1;
  }

  /** Oldest first, the order Knative's running windowTotal adds them in. */
  #sum(fromSec: number, toSec: number): number {
    let i = this.#secs.length - 1;
    while (i > this.#head && this.#secs[i - 1]! >= fromSec) i--;
    let total = 0;
    for (; i < this.#secs.length && this.#secs[i]! <= toSec; i++) {
      if (this.#secs[i]! >= fromSec) total += this.#values[i]!;
    }
    return total;
  }
}

/** Knative's computeSmoothingCoeff. */
export function smoothingCoefficient(buckets: number): number {
  return Math.max(1 - (1 - WEIGHT_PRECISION) ** (1 / buckets), MIN_EXPONENT);
}
