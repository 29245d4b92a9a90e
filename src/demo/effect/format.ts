/**
 * Formatting shared by the terminal summary and the chart: thousands separators, the simulated clock as
 * HH:MM, real durations as `1m 12s`, latencies. One place, so the chart's title and the printed summary
 * read the same numbers the same way.
 */

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Minutes in the simulated day. */
export const DAY_MINUTES = 1440;
/** The chart's x values are milliseconds since a UTC midnight, so ECharts' time axis prints HH:MM. */
export const MS_PER_MINUTE = 60_000;

/** `12,345` (rounded to a whole number). */
export function count(n: number): string {
  return WHOLE.format(n);
}

/** `1,234.5` (at most one decimal). */
export function decimal(n: number): string {
  return ONE_DECIMAL.format(n);
}

/** Simulated minutes since midnight as `HH:MM` (`1440` → `24:00`). */
export function clock(dayMinutes: number): string {
  const total = Math.round(dayMinutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Real seconds as `45s`, `1m 12s`, `2h 05m`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A latency in milliseconds, `—` when nothing was measured. */
export function millis(ms: number | null): string {
  return ms === null ? '—' : `${count(ms)} ms`;
}

/** `73% saved`, or `12% more` when the autoscaled run used more than the fixed deployment. */
export function saving(percent: number): string {
  const p = Math.round(percent);
  return p >= 0 ? `${p}% saved` : `${-p}% more`;
}
