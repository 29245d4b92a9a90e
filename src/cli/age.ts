/**
 * Ages as kubectl prints them (k8s.io/apimachinery/pkg/util/duration.HumanDuration): `45s`, `3m20s`,
 * `15m`, `2h5m`, `20h`, `3d4h`, `12d`, `2y30d`.
 */

const SECOND_MS = 1_000;
const MINUTE_S = 60;
const HOUR_S = 3_600;
const DAY_H = 24;

export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND_MS);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < MINUTE_S * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / MINUTE_S);
  if (minutes < 10) {
    const s = seconds % MINUTE_S;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(seconds / HOUR_S);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / DAY_H);
  if (hours < DAY_H * 8) {
    const h = hours % DAY_H;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < DAY_H * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < DAY_H * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Age of a timestamp (RFC 3339) at `now`; `<unknown>` when absent or unparsable. */
export function age(timestamp: string | undefined, now: number = Date.now()): string {
  if (!timestamp) return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}
