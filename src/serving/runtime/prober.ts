/**
 * Runs a replica's readiness or liveness probe over time and reports when the verdict flips.
 *
 * Readiness starts "not ready" and, until its first pass, probes aggressively (every 25 ms, 100 ms for
 * exec probes) the way Knative's queue-proxy does, so a replica takes traffic as soon as it listens. This
 * applies whatever `periodSeconds` says: on one machine a quick cold start matters more than the probe
 * load. A replica that is not ready after `AGGRESSIVE_WINDOW_MS` is probed at its period. Once it passed,
 * readiness probes every `periodSeconds` (1 s when 0 or unset) and flips after `failureThreshold`
 * consecutive failures (3) or `successThreshold` consecutive passes (1).
 *
 * Liveness starts "alive", probes every `periodSeconds` (10) from `initialDelaySeconds`, and flips to
 * dead after `failureThreshold` consecutive failures (3); the replica is then restarted.
 */
import type { Probe } from '../types.js';
import { type ProbeTarget, probeKind, runProbe } from './probes.js';

/** Probe period while a replica has never been ready: fast at first (cold starts), then calmer. */
export const STARTUP_PROBE_INTERVAL_MS = 5;
export const STARTUP_SLOW_PROBE_INTERVAL_MS = 25;
/** How long the fastest startup probing lasts. */
export const FAST_STARTUP_WINDOW_MS = 2_000;
export const STARTUP_EXEC_PROBE_INTERVAL_MS = 100;
/** How long a replica that is not yet ready is probed aggressively. */
export const AGGRESSIVE_WINDOW_MS = 60_000;
/** Readiness period once ready, when `periodSeconds` is 0 or unset. */
export const DEFAULT_READINESS_PERIOD_MS = 1_000;
/** Kubernetes' default liveness `periodSeconds`. */
export const DEFAULT_LIVENESS_PERIOD_MS = 10_000;
export const DEFAULT_FAILURE_THRESHOLD = 3;
export const DEFAULT_SUCCESS_THRESHOLD = 1;

export type ProberMode = 'readiness' | 'liveness';

export interface ProberOptions {
  mode: ProberMode;
  /** Undefined: a TCP probe on the replica's port. */
  probe: Probe | undefined;
  target: ProbeTarget;
  /** Called when the verdict flips: ready/not ready, or alive → dead. */
  onChange: (passing: boolean) => void;
}

export class Prober {
  /** Readiness: ready. Liveness: alive. */
  passing: boolean;
  private readonly probe: Probe | undefined;
  private readonly failureThreshold: number;
  private readonly successThreshold: number;
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private everPassed = false;
  private failures = 0;
  private successes = 0;
  private stopped = false;

  constructor(private readonly options: ProberOptions) {
    this.probe = options.probe;
    this.passing = options.mode === 'liveness';
    this.failureThreshold = Math.max(1, options.probe?.failureThreshold || DEFAULT_FAILURE_THRESHOLD);
    this.successThreshold = Math.max(1, options.probe?.successThreshold || DEFAULT_SUCCESS_THRESHOLD);
  }

  start(): void {
    this.startedAt = Date.now();
    const delayMs = (this.probe?.initialDelaySeconds ?? 0) * 1000;
    const first = this.options.mode === 'liveness' && delayMs === 0 ? this.periodMs() : delayMs;
    this.schedule(first);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    const ok = await runProbe(this.probe, this.options.target, this.abort.signal);
    if (this.stopped) return;
    this.record(ok);
    if (this.stopped) return;
    if (this.options.mode === 'liveness' && !this.passing) return;
    this.schedule(this.nextDelayMs());
  }

  private record(ok: boolean): void {
    if (ok) {
      this.successes++;
      this.failures = 0;
    } else {
      this.failures++;
      this.successes = 0;
    }
    if (!this.passing && ok && this.successes >= this.successThreshold && this.options.mode === 'readiness') {
      this.everPassed = true;
      this.passing = true;
      this.options.onChange(true);
    } else if (this.passing && !ok && this.failures >= this.failureThreshold) {
      this.passing = false;
      this.options.onChange(false);
    }
  }

  private nextDelayMs(): number {
    const aggressive =
      this.options.mode === 'readiness' &&
      !this.everPassed &&
      Date.now() - this.startedAt < AGGRESSIVE_WINDOW_MS;
    if (!aggressive) return this.periodMs();
    if (probeKind(this.probe) === 'exec') return STARTUP_EXEC_PROBE_INTERVAL_MS;
    return Date.now() - this.startedAt < FAST_STARTUP_WINDOW_MS
      ? STARTUP_PROBE_INTERVAL_MS
      : STARTUP_SLOW_PROBE_INTERVAL_MS;
  }

  private periodMs(): number {
    const seconds = this.probe?.periodSeconds ?? 0;
    if (seconds > 0) return seconds * 1000;
    return this.options.mode === 'readiness' ? DEFAULT_READINESS_PERIOD_MS : DEFAULT_LIVENESS_PERIOD_MS;
  }
}
