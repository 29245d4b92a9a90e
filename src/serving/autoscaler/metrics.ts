/**
 * One revision's request metrics, measured the way queue-proxy reports them to Knative's autoscaler:
 * for every second, the time-weighted average of requests in flight (two requests held for the whole
 * second → 2.0; one held for half of it → 0.5) and the number of requests that arrived (rps). Each
 * finished second goes into one-second buckets ({@link TimedBuckets}) that answer window averages.
 *
 * A second is written when something happened in it (a request in flight or arriving, which is what the
 * activator reports) or while the revision has ready replicas (Knative scrapes them every second and
 * writes zeros when idle). A revision at zero with no traffic writes nothing, so after a whole stable
 * window the autoscaler sees "no data", as Knative's does.
 */
import { TimedBuckets } from './buckets.js';
import { STABLE_WINDOW_MAX_MS } from './config.js';

const SECOND_MS = 1_000;

export interface MetricsOptions {
  now: () => number;
  /** The longest window that will be averaged. @defaultValue 3_600_000 ms (Knative's WindowMax) */
  retentionMs?: number;
}

export interface WindowValues {
  concurrency: number;
  rps: number;
}

export class RevisionMetrics {
  readonly #now: () => number;
  readonly #concurrency: TimedBuckets;
  readonly #rps: TimedBuckets;
  #inFlight = 0;
  #scraped = false;
  /** The second being accumulated (epoch seconds). */
  #second: number;
  /** In-flight × milliseconds integrated so far in the current second. */
  #area = 0;
  #arrivals = 0;
  #activity = false;
  #lastChangeMs: number;
  #lastRequestMs: number | undefined;

  constructor(options: MetricsOptions) {
    this.#now = options.now;
    const retention = options.retentionMs ?? STABLE_WINDOW_MAX_MS;
    this.#concurrency = new TimedBuckets(retention);
    this.#rps = new TimedBuckets(retention);
    const now = this.#now();
    this.#second = Math.floor(now / SECOND_MS);
    this.#lastChangeMs = now;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** When the last request arrived or finished, or undefined if none ever did. */
  get lastRequestMs(): number | undefined {
    return this.#lastRequestMs;
  }

  requestStarted(): void {
    const now = this.#advance();
    this.#inFlight++;
    this.#arrivals++;
    this.#activity = true;
    this.#lastRequestMs = now;
  }

  requestEnded(): void {
    if (this.#inFlight === 0) return;
    const now = this.#advance();
    this.#inFlight--;
    this.#activity = true;
    this.#lastRequestMs = now;
  }

  /** The longest window that will be averaged (the stable window). */
  setRetention(retentionMs: number): void {
    this.#concurrency.setRetention(retentionMs);
    this.#rps.setRetention(retentionMs);
  }

  /** Whether ready replicas exist, i.e. whether idle seconds are written as zeros. */
  setScraped(scraped: boolean): void {
    if (scraped === this.#scraped) return;
    this.#advance();
    this.#scraped = scraped;
    if (scraped) this.#activity = true;
  }

  /** Average concurrency and rps over the window ending at `nowMs` (Knative's WindowAverage). */
  windowAverage(nowMs: number, windowMs: number, weighted = false): WindowValues {
    this.#advance(nowMs);
    if (weighted) {
      return {
        concurrency: this.#concurrency.weightedAverage(nowMs, windowMs),
        rps: this.#rps.weightedAverage(nowMs, windowMs),
      };
    }
    return {
      concurrency: this.#concurrency.windowAverage(nowMs, windowMs),
      rps: this.#rps.windowAverage(nowMs, windowMs),
    };
  }

  /** No second written during the last `windowMs` (Knative's ErrNoData). */
  isEmpty(nowMs: number, windowMs: number): boolean {
    this.#advance(nowMs);
    return this.#concurrency.isEmpty(nowMs, windowMs);
  }

  /** Closes every second that ended by `nowMs`, writing it to the buckets. Returns `nowMs`. */
  #advance(nowMs = this.#now()): number {
    const sec = Math.floor(nowMs / SECOND_MS);
    if (sec <= this.#second) {
      this.#integrateTo(Math.max(nowMs, this.#lastChangeMs));
      return nowMs;
    }
    const secondEnd = (this.#second + 1) * SECOND_MS;
    this.#integrateTo(secondEnd);
    this.#write(this.#second, this.#area / SECOND_MS, this.#arrivals);
    // Whole seconds with no event in them: constant in-flight, no arrivals.
    if (sec > this.#second + 1 && (this.#inFlight > 0 || this.#scraped)) {
      const from = (this.#second + 1) * SECOND_MS;
      this.#concurrency.recordRun(from, (sec - 1) * SECOND_MS, this.#inFlight);
      this.#rps.recordRun(from, (sec - 1) * SECOND_MS, 0);
    }
    this.#second = sec;
    this.#area = 0;
    this.#arrivals = 0;
    this.#activity = this.#inFlight > 0 || this.#scraped;
    this.#lastChangeMs = sec * SECOND_MS;
    this.#integrateTo(nowMs);
    return nowMs;
  }

  #integrateTo(ms: number): void {
    if (ms > this.#lastChangeMs) {
      this.#area += this.#inFlight * (ms - this.#lastChangeMs);
      this.#lastChangeMs = ms;
    }
  }

  #write(second: number, concurrency: number, arrivals: number): void {
    if (!this.#activity && !this.#scraped) return;
    this.#concurrency.record(second * SECOND_MS, concurrency);
    this.#rps.record(second * SECOND_MS, arrivals);
  }
}
