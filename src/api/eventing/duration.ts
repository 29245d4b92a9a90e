/**
 * ISO-8601 durations (`PT0.2S`, `PT1M`, `P1DT1H`) as Knative's delivery spec writes them (backoffDelay,
 * timeout, retryAfterMax). Knative parses them with rickb777/date/period; this is the same grammar:
 * an optional sign, `P`, date components Y M W D, then `T` and time components H M S, each a number with
 * an optional fraction. Years and months convert approximately, as period.DurationApprox does.
 */

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
const MS_PER_WEEK = 7 * MS_PER_DAY;
/** period.DurationApprox: a year is 365.2425 days, a month a twelfth of that. */
const MS_PER_YEAR = 365.2425 * MS_PER_DAY;
const MS_PER_MONTH = MS_PER_YEAR / 12;

const NUM = '(\\d+(?:[.,]\\d+)?)';
const ISO_DURATION = new RegExp(
  `^([-+])?P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:(T)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
);
const UNITS = [
  MS_PER_YEAR,
  MS_PER_MONTH,
  MS_PER_WEEK,
  MS_PER_DAY,
  0,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
];

/**
 * Parses an ISO-8601 duration into milliseconds (rounded to whole ms; negative when signed `-`).
 * Returns undefined for anything that is not one: `""`, `"PT"`, `"P"`, `"1s"`, `"P1DT"`.
 */
export function parseIsoDuration(s: string): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = ISO_DURATION.exec(s);
  if (!m) return undefined;
  const [, sign, years, months, weeks, days, t, hours, minutes, seconds] = m;
  const date = [years, months, weeks, days];
  const time = [hours, minutes, seconds];
  if (t !== undefined && time.every((c) => c === undefined)) return undefined; // "P1DT", "PT"
  if ([...date, ...time].every((c) => c === undefined)) return undefined; // "P"
  let ms = 0;
  const parts = [years, months, weeks, days, undefined, hours, minutes, seconds];
  parts.forEach((part, i) => {
    if (part !== undefined) ms += Number(part.replace(',', '.')) * UNITS[i]!;
  });
  ms = Math.round(ms);
  return sign === '-' && ms !== 0 ? -ms : ms;
}
