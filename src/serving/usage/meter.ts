/**
 * Usage metering per revision, for usage-based billing: requests served, request-seconds, replica-seconds,
 * memory in MiB·s, and the time spent at zero replicas. Held in memory for the life of the data plane.
 *
 * Everything but the request count is an integral over time of a piecewise-constant level: requests in
 * flight (so request-seconds is the sum of request durations, queueing included), live replicas (from
 * spawn until exit), resident memory of those replicas (held at the last sample's value until the next),
 * and "no replica alive". Each event first advances the revision's integrals to now, then changes a level.
 * The integrals are also kept in fixed buckets ({@link DEFAULT_BUCKET_MS}) over a retention window, so a
 * `since` window is answered, rounded out to whole buckets.
 */

/** Width of one time-series bucket. */
export const DEFAULT_BUCKET_MS = 10_000;
/** How far back the buckets go; older usage only counts toward the totals. */
export const DEFAULT_RETENTION_MS = 6 * 60 * 60_000;
const MIB = 1024 * 1024;

export interface UsageLabels {
  namespace: string;
  /** The owning Service (`K_SERVICE`); '' for a bare Configuration's revision. */
  service: string;
  configuration: string;
  revision: string;
}

/** Accrued amounts; seconds are wall-clock seconds. */
export interface UsageTotals {
  requests: number;
  requestSeconds: number;
  replicaSeconds: number;
  memoryMiBSeconds: number;
  /** Time with no replica alive. */
  zeroReplicaSeconds: number;
  /** Time the revision was known to the meter (the base for `zeroReplicaSeconds`). */
  observedSeconds: number;
}

export interface RevisionUsage extends UsageLabels, UsageTotals {
  /** Start of the span these amounts cover (ISO 8601). */
  from: string;
  /** Levels now. */
  replicas: number;
  inFlight: number;
  memoryBytes: number;
}

export interface UsageMeterOptions {
  /** Epoch milliseconds. @defaultValue Date.now */
  now?: () => number;
  /** @defaultValue 10 s ({@link DEFAULT_BUCKET_MS}) */
  bucketMs?: number;
  /** @defaultValue 6 h ({@link DEFAULT_RETENTION_MS}) */
  retentionMs?: number;
  /** Labels of a revision the meter meets for the first time (undefined: retried on the next read). */
  labelsFor?: (key: string) => UsageLabels | undefined;
}

interface Record {
  labels: UsageLabels;
  labelled: boolean;
  firstAt: number;
  lastAt: number;
  inFlight: number;
  /** Live replicas: id → last sampled resident bytes and pid. */
  replicas: Map<string, { pid: number | undefined; rssBytes: number }>;
  memoryBytes: number;
  totals: UsageTotals;
  /** Bucket index (time / bucketMs) → amounts, oldest first. */
  buckets: Map<number, UsageTotals>;
}

export interface LiveReplica {
  key: string;
  replicaId: string;
  pid: number;
}

export class UsageMeter {
  readonly #now: () => number;
  readonly #bucketMs: number;
  readonly #retentionMs: number;
  readonly #labelsFor: (key: string) => UsageLabels | undefined;
  readonly #records = new Map<string, Record>();

  constructor(options: UsageMeterOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.#labelsFor = options.labelsFor ?? (() => undefined);
    if (!(this.#bucketMs > 0)) throw new RangeError(`bucketMs must be positive, was: ${this.#bucketMs}`);
  }

  requestStarted(key: string): void {
    const rec = this.#advance(key);
    rec.inFlight++;
  }

  /** The request finished (answered, failed or abandoned); it counts as served. */
  requestEnded(key: string): void {
    const rec = this.#advance(key);
    rec.inFlight = Math.max(0, rec.inFlight - 1);
    rec.totals.requests++;
    this.#bucket(rec, this.#now()).requests++;
  }

  /** A replica's process was spawned. */
  replicaStarted(key: string, replicaId: string, pid?: number): void {
    const rec = this.#advance(key);
    rec.replicas.set(replicaId, { pid, rssBytes: 0 });
  }

  /** The replica's process exited. Unknown ids are ignored. */
  replicaEnded(key: string, replicaId: string): void {
    const rec = this.#records.get(key);
    if (!rec?.replicas.has(replicaId)) return;
    this.#advance(key);
    rec.replicas.delete(replicaId);
    rec.memoryBytes = sumRss(rec);
  }

  /** A resident-memory sample of a live replica. */
  sampleMemory(key: string, replicaId: string, rssBytes: number): void {
    const replica = this.#records.get(key)?.replicas.get(replicaId);
    if (!replica) return;
    const rec = this.#advance(key);
    replica.rssBytes = rssBytes;
    rec.memoryBytes = sumRss(rec);
  }

  /** Live replicas with a pid, for the memory sampler. */
  liveReplicas(): LiveReplica[] {
    const out: LiveReplica[] = [];
    for (const [key, rec] of this.#records)
      for (const [replicaId, r] of rec.replicas)
        if (r.pid !== undefined) out.push({ key, replicaId, pid: r.pid });
    return out;
  }

  /**
   * Usage per revision, sorted by namespace and revision: since the meter met it, or accrued over the last
   * `sinceMs` (rounded out to whole buckets, at most the retention window).
   */
  usage(opts: { sinceMs?: number } = {}): RevisionUsage[] {
    const now = this.#now();
    const out: RevisionUsage[] = [];
    for (const key of this.#records.keys()) {
      const rec = this.#advance(key);
      let totals = rec.totals;
      let from = rec.firstAt;
      if (opts.sinceMs !== undefined) {
        const start = Math.max(now - Math.min(opts.sinceMs, this.#retentionMs), 0);
        const first = Math.floor(start / this.#bucketMs);
        totals = emptyTotals();
        for (const [idx, b] of rec.buckets) if (idx >= first) addTotals(totals, b);
        from = Math.max(rec.firstAt, first * this.#bucketMs);
      }
      out.push({
        ...rec.labels,
        ...totals,
        from: new Date(from).toISOString(),
        replicas: rec.replicas.size,
        inFlight: rec.inFlight,
        memoryBytes: rec.memoryBytes,
      });
    }
    return out.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.revision, b.revision));
  }

  /** Brings the revision's integrals up to now (creating its record on first sight). */
  #advance(key: string): Record {
    const now = this.#now();
    let rec = this.#records.get(key);
    if (!rec) {
      const labels = this.#labelsFor(key);
      rec = {
        labels: labels ?? fallbackLabels(key),
        labelled: labels !== undefined,
        firstAt: now,
        lastAt: now,
        inFlight: 0,
        replicas: new Map(),
        memoryBytes: 0,
        totals: emptyTotals(),
        buckets: new Map(),
      };
      this.#records.set(key, rec);
      return rec;
    }
    if (!rec.labelled) {
      const labels = this.#labelsFor(key);
      if (labels) Object.assign(rec, { labels, labelled: true });
    }
    if (now <= rec.lastAt) return rec;
    const rates = {
      requestSeconds: rec.inFlight,
      replicaSeconds: rec.replicas.size,
      memoryMiBSeconds: rec.memoryBytes / MIB,
      zeroReplicaSeconds: rec.replicas.size === 0 ? 1 : 0,
      observedSeconds: 1,
    };
    accrue(rec.totals, rates, (now - rec.lastAt) / 1000);
    // Only the part inside the retention window goes into buckets.
    let t = Math.max(rec.lastAt, now - this.#retentionMs - this.#bucketMs);
    while (t < now) {
      const idx = Math.floor(t / this.#bucketMs);
      const end = Math.min(now, (idx + 1) * this.#bucketMs);
      accrue(this.#bucket(rec, t), rates, (end - t) / 1000);
      t = end;
    }
    rec.lastAt = now;
    return rec;
  }

  #bucket(rec: Record, t: number): UsageTotals {
    const idx = Math.floor(t / this.#bucketMs);
    let b = rec.buckets.get(idx);
    if (!b) {
      b = emptyTotals();
      rec.buckets.set(idx, b);
      // Buckets are created in time order, so the oldest come first.
      const oldest = Math.floor((t - this.#retentionMs) / this.#bucketMs);
      for (const first of rec.buckets.keys()) {
        if (first >= oldest) break;
        rec.buckets.delete(first);
      }
    }
    return b;
  }
}

type Rates = Omit<UsageTotals, 'requests'>;

function accrue(into: UsageTotals, rates: Rates, seconds: number): void {
  into.requestSeconds += rates.requestSeconds * seconds;
  into.replicaSeconds += rates.replicaSeconds * seconds;
  into.memoryMiBSeconds += rates.memoryMiBSeconds * seconds;
  into.zeroReplicaSeconds += rates.zeroReplicaSeconds * seconds;
  into.observedSeconds += rates.observedSeconds * seconds;
}

function addTotals(into: UsageTotals, from: UsageTotals): void {
  into.requests += from.requests;
  accrue(into, from, 1);
}

const emptyTotals = (): UsageTotals => ({
  requests: 0,
  requestSeconds: 0,
  replicaSeconds: 0,
  memoryMiBSeconds: 0,
  zeroReplicaSeconds: 0,
  observedSeconds: 0,
});

function sumRss(rec: Record): number {
  let sum = 0;
  for (const r of rec.replicas.values()) sum += r.rssBytes;
  return sum;
}

function fallbackLabels(key: string): UsageLabels {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), service: '', configuration: '', revision: key.slice(slash + 1) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
