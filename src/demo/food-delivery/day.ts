/**
 * The compressed day: a food-delivery company's order rate over 24 hours, squeezed into M real minutes.
 * Breakfast, lunch and dinner peaks of different heights (gaussians), an afternoon lull at the valley rate
 * between them, and a night (23:00–06:00) with no orders at all. The day runs from 04:00 to 04:00 the next
 * morning, so it opens in the small hours and ends with the night after dinner — long enough for the
 * services to scale to zero.
 */

/** Simulated minutes since midnight at which the demo's day starts. */
export const DAY_START = 4 * 60;
export const MINUTES_PER_DAY = 24 * 60;
/** Orders stop at 23:00 and resume at 06:00, with a half-hour ramp at either end. */
const OPEN = 6 * 60;
const CLOSE = 23 * 60;
const RAMP = 30;

interface Meal {
  name: string;
  /** Minutes since midnight of the peak. */
  at: number;
  /** Standard deviation, minutes. */
  width: number;
  /** Height as a share of the peak rate. */
  share: number;
}

export const MEALS: readonly Meal[] = [
  { name: 'breakfast', at: 7 * 60 + 45, width: 35, share: 0.5 },
  { name: 'lunch', at: 12 * 60 + 15, width: 45, share: 1 },
  { name: 'dinner', at: 18 * 60 + 45, width: 50, share: 0.8 },
];

export interface DayShape {
  /** Orders per second at the highest (lunch) peak. */
  peakRate: number;
  /** Orders per second in the lull between meals. */
  valleyRate: number;
}

/** Orders per second at `minute` (minutes since midnight, any day: taken modulo 24 h). */
export function orderRate(minute: number, shape: DayShape): number {
  const m = ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const open = Math.min(1, Math.max(0, (m - OPEN) / RAMP), Math.max(0, (CLOSE - m) / RAMP));
  if (open <= 0) return 0;
  let meals = 0;
  for (const meal of MEALS) meals += meal.share * Math.exp(-(((m - meal.at) / meal.width) ** 2) / 2);
  return open * Math.max(shape.valleyRate, shape.peakRate * meals);
}

/** Maps real time to the simulated clock of a day compressed into `minutes` real minutes. */
export class DayClock {
  readonly #realMs: number;
  constructor(readonly minutes: number) {
    this.#realMs = minutes * 60_000;
  }

  /** Simulated minutes since midnight (DAY_START … DAY_START + 1440) after `elapsedMs` of real time. */
  at(elapsedMs: number): number {
    return DAY_START + (Math.min(elapsedMs, this.#realMs) / this.#realMs) * MINUTES_PER_DAY;
  }

  /** Real milliseconds the whole day takes. */
  get lengthMs(): number {
    return this.#realMs;
  }

  /** Simulated minutes per real second. */
  get speed(): number {
    return MINUTES_PER_DAY / (this.minutes * 60);
  }
}

/** `HH:MM` of a simulated minute (taken modulo 24 h). */
export function clockText(minute: number): string {
  const m = Math.floor(((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
