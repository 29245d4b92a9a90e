/**
 * Knative's max.TimeWindow (pkg/autoscaler/aggregation/max): the largest value recorded during the last
 * `duration`, in buckets of `granularity`, kept as a descending-maxima list. Scale-down-delay holds the
 * largest recommendation of the delay window. Immutable: `record` returns a new window.
 */

export interface MaxWindow {
  /** Number of buckets: ceil(duration / granularity). */
  readonly size: number;
  readonly granularitySeconds: number;
  /** Values strictly descending, indexes ascending; the first is the current maximum. */
  readonly maxima: readonly { readonly index: number; readonly value: number }[];
}

export function newMaxWindow(durationMs: number, granularityMs: number): MaxWindow {
  return {
    size: Math.ceil(durationMs / granularityMs),
    granularitySeconds: Math.max(1, Math.floor(granularityMs / 1000)),
    maxima: [],
  };
}

/** Records `value` at `nowMs` (Knative's TimeWindow.Record: index = unix seconds / granularity seconds). */
export function recordMax(window: MaxWindow, nowMs: number, value: number): MaxWindow {
  const index = Math.floor(Math.floor(nowMs / 1000) / window.granularitySeconds);
  const maxima = [...window.maxima];
  let v = value;
  // A value that is not larger than the new one, and older, can never be the maximum again.
  while (maxima.length > 0 && v >= maxima[maxima.length - 1]!.value) maxima.pop();
  // Drop what fell out of the window.
  while (maxima.length > 0 && index - maxima[0]!.index >= window.size) maxima.shift();
  const last = maxima[maxima.length - 1];
  if (last !== undefined && last.index === index) {
    v = Math.max(v, last.value);
    maxima.pop();
  }
  maxima.push({ index, value: v });
  return { ...window, maxima };
}

/** The maximum recorded during the window (0 before any record). */
export function currentMax(window: MaxWindow): number {
  return window.maxima[0]?.value ?? 0;
}
