/**
 * Go `time.Duration` text, the format Knative's annotations and ConfigMaps use (`"6s"`, `"1h"`, `"1m30s"`,
 * `"500ms"`): parse to milliseconds, and print milliseconds the way Go's `Duration.String()` does, so
 * messages read `expected 6s <= 1s <= 1h0m0s` exactly as Knative's do.
 */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign
  μs: 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

const TERM_RE = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/** time.ParseDuration: milliseconds (possibly fractional), or undefined when `s` is not a duration. */
export function parseGoDuration(s: string): number | undefined {
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const m = TERM_RE.exec(rest);
    if (!m) return undefined;
    const [term, whole = '', frac] = m;
    if (whole === '' && (frac === undefined || frac === '')) return undefined;
    const unit = UNIT_MS[m[3]!];
    if (unit === undefined) return undefined;
    total += Number(`${whole || '0'}.${frac || '0'}`) * unit;
    rest = rest.slice(term.length);
  }
  return sign * total;
}

/** Go's `Duration.String()` for a millisecond count: `0s`, `500ms`, `6s`, `1m30s`, `1h0m0s`. */
export function formatGoDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let ns = Math.round(Math.abs(ms) * 1e6);
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${fixed(ns, 1e3)}µs`;
  if (ns < 1e9) return `${sign}${fixed(ns, 1e6)}ms`;
  const hours = Math.floor(ns / 3.6e12);
  ns -= hours * 3.6e12;
  const minutes = Math.floor(ns / 6e10);
  ns -= minutes * 6e10;
  let out = `${fixed(ns, 1e9)}s`;
  if (hours > 0 || minutes > 0) out = `${minutes}m${out}`;
  if (hours > 0) out = `${hours}h${out}`;
  return sign + out;
}

/** `n / unit` printed with only the fraction digits that are not zero. */
function fixed(n: number, unit: number): string {
  const whole = Math.floor(n / unit);
  const rem = n - whole * unit;
  if (rem === 0) return String(whole);
  const digits = String(unit).length - 1;
  const frac = String(rem).padStart(digits, '0').replace(/0+$/, '');
  return `${whole}.${frac}`;
}
