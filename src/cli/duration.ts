/**
 * Parses CLI durations the way Go's time.ParseDuration reads them (`60s`, `2m`, `500ms`, `1m30s`,
 * `1.5h`), plus a plain number meaning seconds.
 */
import { CliError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Milliseconds in `text`; throws a CliError naming the flag when it is not a duration. */
export function parseDuration(text: string, flag = 'duration'): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1_000);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < trimmed.length) {
    part.lastIndex = pos;
    const m = part.exec(trimmed);
    if (!m) break;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = part.lastIndex;
  }
  if (trimmed === '' || pos !== trimmed.length) {
    throw new CliError(
      `invalid ${flag} "${text}": use a number of seconds or a duration like 500ms, 60s, 2m, 1h`,
    );
  }
  return Math.round(total);
}
