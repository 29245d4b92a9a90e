/**
 * A syntax check for PingSource schedules, the grammar Knative accepts (robfig/cron with the SecondOptional,
 * Minute, Hour, Dom, Month, Dow and Descriptor options): five fields of comma-separated ranges (`*`, `?`,
 * `n`, `a-b`, each with an optional `/step`; month and weekday names allowed), or six with a leading
 * seconds field (Knative since eventing 1.13), or a descriptor (`@hourly`, `@every 1h30m`), optionally
 * prefixed with `CRON_TZ=<zone>`. The scheduler itself is src/sources/ping; this only tells a user, at
 * apply time, what is wrong with a schedule. Messages follow robfig's.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const SECONDS: Bounds = { min: 0, max: 59 };
const FIELDS: Bounds[] = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) },
];

const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);
/** Go's time.ParseDuration grammar. */
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^0$/;

function parseValue(text: string, bounds: Bounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(text)) {
    return text.startsWith('-')
      ? `negative number (${text}) not allowed`
      : `failed to parse int from ${text}`;
  }
  return Number(text);
}

function rangeError(expr: string, bounds: Bounds): string | undefined {
  const slash = expr.split('/');
  if (slash.length > 2) return `too many slashes: ${expr}`;
  const [range = '', stepText] = slash;
  const hyphen = range.split('-');
  if (hyphen.length > 2) return `too many hyphens: ${expr}`;
  let start: number;
  let end: number;
  if (range === '*' || range === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    const s = parseValue(hyphen[0]!, bounds);
    if (typeof s === 'string') return `${s}: ${expr}`;
    start = s;
    if (hyphen.length === 2) {
      const e = parseValue(hyphen[1]!, bounds);
      if (typeof e === 'string') return `${e}: ${expr}`;
      end = e;
    } else {
      end = stepText === undefined ? start : bounds.max;
    }
  }
  if (stepText !== undefined) {
    const step = parseValue(stepText, { min: 0, max: 0 });
    if (typeof step === 'string') return `${step}: ${expr}`;
    if (step === 0) return `step of range should be a positive number: ${expr}`;
  }
  if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return undefined;
}

/** Why `zone` is not a time zone Go's time.LoadLocation would load, or undefined when it is one. */
export function timezoneError(zone: string): string | undefined {
  if (zone === 'Local' || zone === 'UTC' || zone === '') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return undefined;
  } catch {
    return `provided bad location ${zone}: unknown time zone ${zone}`;
  }
}

/** Why `schedule` is not a valid cron schedule, or undefined when it is one. */
export function scheduleError(schedule: string): string | undefined {
  let spec = schedule.trim();
  if (spec === '') return 'empty spec string';
  const tz = /^(CRON_TZ|TZ)=(\S*)\s*/.exec(spec);
  if (tz) {
    const err = timezoneError(tz[2]!);
    if (err) return err;
    spec = spec.slice(tz[0].length);
  }
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      const d = spec.slice('@every '.length).trim();
      return GO_DURATION.test(d)
        ? undefined
        : `failed to parse duration ${spec}: time: invalid duration "${d}"`;
    }
    return DESCRIPTORS.has(spec) ? undefined : `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/);
  if (fields.length < FIELDS.length || fields.length > FIELDS.length + 1) {
    return `expected ${FIELDS.length} to ${FIELDS.length + 1} fields, found ${fields.length}: [${fields.join(' ')}]`;
  }
  const bounds = fields.length > FIELDS.length ? [SECONDS, ...FIELDS] : FIELDS;
  for (let i = 0; i < fields.length; i++) {
    for (const expr of fields[i]!.split(',')) {
      const err = rangeError(expr, bounds[i]!);
      if (err) return err;
    }
  }
  return undefined;
}
