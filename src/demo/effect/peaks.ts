/**
 * Finds the meal peaks in a day of samples, so the chart can shade them. The smoothed order rate splits the
 * day into busy stretches (above a small part of the day's maximum, short lulls bridged); each stretch's
 * peak is where its rate is at least half of that stretch's own maximum. A small breakfast therefore gets
 * its band as well as a large dinner, and noisy per-second rates still give one band per meal.
 */
import type { EffectSample } from './types.js';

export interface PeakRange {
  /** Simulated minutes since midnight. */
  from: number;
  to: number;
}

/** Part of the day's smoothed maximum rate above which the day is busy. */
export const BUSY_FRACTION = 0.1;
/** Part of a busy stretch's own maximum that its peak reaches (full width at half maximum). */
export const PEAK_FRACTION = 0.5;
/** Lulls shorter than this (simulated minutes) inside a busy stretch are bridged. */
export const BUSY_MERGE_GAP_MINUTES = 30;
/** Peaks shorter than this (simulated minutes) are not shaded. */
export const PEAK_MIN_MINUTES = 15;
/** Half-width of the moving average, simulated minutes. */
export const SMOOTH_MINUTES = 10;

/** Centred moving average of the produced rate; samples are in clock order, so a sliding window. */
function smoothed(samples: readonly EffectSample[]): number[] {
  const out: number[] = [];
  let lo = 0;
  let hi = 0;
  let sum = 0;
  for (const s of samples) {
    while (hi < samples.length && samples[hi]!.day <= s.day + SMOOTH_MINUTES) {
      sum += samples[hi]!.producedPerSec;
      hi++;
    }
    while (samples[lo]!.day < s.day - SMOOTH_MINUTES) {
      sum -= samples[lo]!.producedPerSec;
      lo++;
    }
    out.push(sum / (hi - lo));
  }
  return out;
}

/** Index ranges [first, last] of the busy stretches. */
function busyStretches(samples: readonly EffectSample[], rate: readonly number[]): [number, number][] {
  const max = Math.max(0, ...rate);
  const stretches: [number, number][] = [];
  if (max === 0) return stretches;
  rate.forEach((r, i) => {
    if (r < max * BUSY_FRACTION) return;
    const last = stretches.at(-1);
    if (last && samples[i]!.day - samples[last[1]]!.day <= BUSY_MERGE_GAP_MINUTES) last[1] = i;
    else stretches.push([i, i]);
  });
  return stretches;
}

export function mealPeaks(samples: readonly EffectSample[]): PeakRange[] {
  const rate = smoothed(samples);
  const peaks: PeakRange[] = [];
  for (const [first, last] of busyStretches(samples, rate)) {
    const own = rate.slice(first, last + 1);
    const top = Math.max(...own);
    const from = own.findIndex((r) => r >= top * PEAK_FRACTION);
    const to = own.findLastIndex((r) => r >= top * PEAK_FRACTION);
    const range = { from: samples[first + from]!.day, to: samples[first + to]!.day };
    if (range.to - range.from >= PEAK_MIN_MINUTES) peaks.push(range);
  }
  return peaks;
}
