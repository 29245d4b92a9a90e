/**
 * Number parsing with Go's strconv rules, for annotation and ConfigMap values that arrive as strings:
 * `"10"` parses, `"10.0"`, `" 10"` and `"1e1"` are not integers.
 */

export const MAX_INT32 = 2 ** 31 - 1;
const MIN_INT32 = -(2 ** 31);

export type IntParse = { ok: true; value: number } | { ok: false; reason: 'syntax' | 'range' };

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** strconv.ParseInt(s, 10, 64): decimal digits with an optional sign. */
export function parseInteger(s: string): IntParse {
  if (!INT_RE.test(s)) return { ok: false, reason: 'syntax' };
  const value = Number(s);
  if (!Number.isSafeInteger(value)) return { ok: false, reason: 'range' };
  return { ok: true, value };
}

/** strconv.ParseInt(s, 10, 32). */
export function parseInt32(s: string): IntParse {
  const parsed = parseInteger(s);
  if (parsed.ok && (parsed.value > MAX_INT32 || parsed.value < MIN_INT32))
    return { ok: false, reason: 'range' };
  return parsed;
}

/** strconv.ParseFloat(s, 64) for decimal notation; undefined when `s` is not a number. */
export function parseFloatStrict(s: string): number | undefined {
  if (!FLOAT_RE.test(s)) return undefined;
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

/** An integer from a ConfigMap value, or `fallback` when absent or malformed. */
export function intOr(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = parseInteger(value.trim());
  return parsed.ok ? parsed.value : fallback;
}
