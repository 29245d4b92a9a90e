/**
 * Small numeric helpers for the dashboard's samples: percentiles of recent latencies and rates from
 * cumulative counters (a counter that went down, e.g. a restarted dispatcher, is read as a fresh start).
 */

/** The `p`-th percentile (0–100) by nearest rank; undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Per-second rates of named cumulative counters between two reads. */
export class Rates {
  readonly #last = new Map<string, { value: number; at: number }>();

  /** The rate of `key` since its last read (0 on the first read), per second. */
  rate(key: string, value: number, at: number): number {
    const prev = this.#last.get(key);
    this.#last.set(key, { value, at });
    if (!prev || at <= prev.at) return 0;
    const delta = value >= prev.value ? value - prev.value : value;
    return (delta * 1000) / (at - prev.at);
  }

  /** Forgets keys not in `keep`. */
  retain(keep: ReadonlySet<string>): void {
    for (const key of this.#last.keys()) if (!keep.has(key)) this.#last.delete(key);
  }
}

/** Rounds for display: 2 decimals. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;
