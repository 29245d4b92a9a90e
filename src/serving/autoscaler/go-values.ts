/**
 * ConfigMap values read and printed the way Knative's Go code does (knative.dev/pkg/configmap/parser with
 * strconv and time.ParseDuration), so `config-autoscaler` errors read word for word like Knative's:
 * `failed to parse "max-scale-up-rate": strconv.ParseFloat: parsing "abc": invalid syntax`.
 */
import { parseGoDuration } from '../../api/common/duration.js';
import { parseFloatStrict, parseInt32 } from '../../api/common/numbers.js';

export type GoParse<T> = { ok: true; value: T } | { ok: false; error: string };

const quote = (s: string) => JSON.stringify(s);
const ok = <T>(value: T): GoParse<T> => ({ ok: true, value });
const fail = <T>(error: string): GoParse<T> => ({ ok: false, error });

const TRUE_WORDS = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE_WORDS = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** strconv.ParseBool. */
export function goParseBool(s: string): GoParse<boolean> {
  if (TRUE_WORDS.includes(s)) return ok(true);
  if (FALSE_WORDS.includes(s)) return ok(false);
  return fail(`strconv.ParseBool: parsing ${quote(s)}: invalid syntax`);
}

/** strconv.ParseFloat(s, 64), decimal notation plus Inf and NaN. */
export function goParseFloat(s: string): GoParse<number> {
  if (/^[+-]?inf(inity)?$/i.test(s)) return ok(s.startsWith('-') ? -Infinity : Infinity);
  if (/^nan$/i.test(s)) return ok(Number.NaN);
  const value = parseFloatStrict(s);
  if (value !== undefined) return ok(value);
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s))
    return fail(`strconv.ParseFloat: parsing ${quote(s)}: value out of range`);
  return fail(`strconv.ParseFloat: parsing ${quote(s)}: invalid syntax`);
}

/** strconv.ParseInt(s, 10, 32). */
export function goParseInt32(s: string): GoParse<number> {
  const parsed = parseInt32(s);
  if (parsed.ok) return ok(parsed.value);
  const why = parsed.reason === 'range' ? 'value out of range' : 'invalid syntax';
  return fail(`strconv.ParseInt: parsing ${quote(s)}: ${why}`);
}

/** time.ParseDuration, in milliseconds. */
export function goParseDuration(s: string): GoParse<number> {
  const ms = parseGoDuration(s);
  if (ms !== undefined) return ok(ms);
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return fail(`time: missing unit in duration ${quote(s)}`);
  const unit = /^[+-]?(?:\d+\.?\d*|\.\d+)([^\d.]+)/.exec(s)?.[1];
  if (unit !== undefined && !/^(ns|us|µs|μs|ms|s|m|h)$/.test(unit))
    return fail(`time: unknown unit ${quote(unit)} in duration ${quote(s)}`);
  return fail(`time: invalid duration ${quote(s)}`);
}

/** Go's `%v` for a float64 (strconv 'g', shortest): `0.5`, `100000`, `1e+06`, `1.5e-05`. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, expText] = v.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(v);
}

/** Go's `%f`. */
export const formatGoFixed = (v: number): string => v.toFixed(6);
