/**
 * The PingSource runner `ebb up` runs, one job per source keyed `namespace/name` (Knative's mtping
 * adapter: one cron runner for every PingSource). Each job sleeps until its next tick, then sends the
 * tick's event after a random delay of up to half a second (Knative spreads simultaneous pings so), with
 * the adapter's retries (send.ts); a tick that is still failing then is lost, as in Knative. Ticks run
 * independently: a slow sink does not delay the next one.
 *
 * Missed ticks are not replayed: while `ebb up` is stopped nothing fires, and a job woken late (the
 * process was suspended) fires the tick it slept for once, then continues from the present. Sleeps are
 * cut into pieces of at most a minute, so a clock change moves the next tick at most a minute late.
 * `upsert` with a changed config replaces the job at once (its in-flight sends are abandoned); `remove`
 * stops it.
 */
import type { Dispatcher } from 'undici';
import { StopSignal } from '../../eventing/dispatcher/index.js';
import type { Logger } from '../../log.js';
import { type PingEventSpec, type PingTemplate, pingEvent, pingTemplate } from './event.js';
import { type PingSchedule, PingScheduleError, pingSchedule } from './schedule.js';
import { type SendOptions, sendEvent } from './send.js';

/** Knative's spread: each tick's send waits a random 0–500 ms. */
export const PING_SEND_SPREAD_MS = 500;
/** The longest single sleep; a job re-reads the clock at least this often. */
const MAX_SLEEP_MS = 60_000;

export interface PingJobConfig {
  schedule: string;
  /** IANA zone; undefined = the system's (Knative: the adapter's). */
  timezone?: string | undefined;
  sinkUri: string;
  event: PingEventSpec;
}

export interface PingStats {
  /** Ticks the schedule fired. */
  ticks: number;
  /** Events the sink accepted (2xx). */
  sent: number;
  /** Events given up on (refused, or failing after the retries). */
  failed: number;
}

export type PingJobHealth = { ok: true } | { ok: false; reason: string; message: string };

export interface PingRunnerOptions {
  http: Dispatcher;
  log: Logger;
  /** Upper bound of the random delay before each send. @defaultValue PING_SEND_SPREAD_MS */
  spreadMs?: number;
  /** Retry and timeout settings of each send (send.ts defaults: Knative's). */
  send?: Omit<SendOptions, 'stop'>;
}

class PingJob {
  readonly stats: PingStats = { ticks: 0, sent: 0, failed: 0 };
  private readonly stop = new StopSignal();
  private readonly template: PingTemplate;
  private timer: NodeJS.Timeout | undefined;
  private next: Date | undefined;

  constructor(
    readonly id: string,
    readonly config: PingJobConfig,
    private readonly schedule: PingSchedule,
    private readonly opts: PingRunnerOptions,
  ) {
    this.template = pingTemplate(config.event);
    this.next = schedule.next(new Date());
    this.arm();
  }

  /** When the job fires next (undefined: never again). */
  nextTick(): Date | undefined {
    return this.next;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.next = undefined;
    this.stop.stop();
  }

  private arm(): void {
    if (!this.next || this.stop.stopped) return;
    const wait = Math.min(Math.max(this.next.getTime() - Date.now(), 0), MAX_SLEEP_MS);
    this.timer = setTimeout(() => this.wake(), wait);
  }

  private wake(): void {
    const tick = this.next;
    if (!tick || this.stop.stopped) return;
    const now = Date.now();
    if (now >= tick.getTime()) {
      void this.fire(tick);
      this.next = this.schedule.next(new Date(Math.max(now, tick.getTime())));
    }
    this.arm();
  }

  private async fire(tick: Date): Promise<void> {
    this.stats.ticks++;
    const spread = this.opts.spreadMs ?? PING_SEND_SPREAD_MS;
    try {
      if (spread > 0) await this.stop.sleep(Math.floor(Math.random() * spread));
    } catch {
      return;
    }
    const event = pingEvent(this.template, tick);
    const outcome = await sendEvent(this.opts.http, this.config.sinkUri, event, {
      ...this.opts.send,
      stop: this.stop,
    });
    if (outcome.ok) {
      this.stats.sent++;
      return;
    }
    if (outcome.stopped) return;
    this.stats.failed++;
    this.opts.log.warn('ping not delivered; the tick is lost', {
      source: this.id,
      sink: this.config.sinkUri,
      id: event.attributes.id,
      attempts: outcome.attempts,
      error: outcome.error,
    });
  }
}

export class PingRunner {
  private readonly jobs = new Map<string, PingJob>();

  constructor(private readonly opts: PingRunnerOptions) {}

  /** Schedules source `id` (or keeps its job when the config is the same, or replaces it). */
  upsert(id: string, config: PingJobConfig): PingJobHealth {
    const current = this.jobs.get(id);
    if (current && JSON.stringify(current.config) === JSON.stringify(config)) return { ok: true };
    let schedule: PingSchedule;
    try {
      schedule = pingSchedule(config.schedule, config.timezone);
    } catch (err) {
      this.remove(id);
      const message = err instanceof PingScheduleError ? err.message : String(err);
      return { ok: false, reason: 'InvalidSchedule', message };
    }
    current?.close();
    const job = new PingJob(id, config, schedule, this.opts);
    if (current) Object.assign(job.stats, current.stats);
    this.jobs.set(id, job);
    this.opts.log.debug('ping source scheduled', { id, schedule: config.schedule, next: job.nextTick() });
    return { ok: true };
  }

  remove(id: string): void {
    this.jobs.get(id)?.close();
    this.jobs.delete(id);
  }

  /** When source `id` fires next; undefined when it has no job or never fires again. */
  nextTick(id: string): Date | undefined {
    return this.jobs.get(id)?.nextTick();
  }

  stats(): Map<string, PingStats> {
    return new Map([...this.jobs].map(([id, job]) => [id, { ...job.stats }]));
  }

  async stopAll(): Promise<void> {
    for (const job of this.jobs.values()) job.close();
    this.jobs.clear();
  }
}
