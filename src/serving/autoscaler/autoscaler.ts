/**
 * The Knative Pod Autoscaler for every revision on this machine. The router reports each request's start
 * and end; every tick (2 s, Knative's) each revision's metrics are averaged over its stable and panic
 * windows, the KPA decides ({@link decide}), the PodAutoscaler rules bound it and handle scale to zero
 * ({@link scale}), and a change of replica count is reported through `onScale`. A request that finds no
 * ready replica pokes the autoscaler, which asks for replicas at once instead of waiting for the tick.
 */
import type { Logger } from '../../log.js';
import type { RevisionKey } from '../types.js';
import { DEFAULT_TICK_MS, type DeciderState, decide, initialDeciderState } from './kpa.js';
import { RevisionMetrics } from './metrics.js';
import {
  type ActiveStatus,
  initialPaState,
  initialReplicas,
  nextPaState,
  type PaState,
  scale,
} from './scaler.js';
import type { EffectiveSettings, ScalingMetric } from './settings.js';

export interface ScaleInfo {
  panicking: boolean;
  /** The scaling metric over the stable window. */
  stable: number;
  /** The scaling metric over the panic window. */
  panic: number;
  /** Per-replica target of the scaling metric. */
  target: number;
  ready: number;
}

export interface AutoscalerOptions {
  /** @defaultValue 2000 ({@link DEFAULT_TICK_MS}, Knative's tick interval) */
  tickMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
  /** The replicas a revision should run changed (also called once when a revision is added). */
  onScale: (key: RevisionKey, desired: number, info: ScaleInfo) => void;
  /**
   * Scale changes and panics at info; an evaluation that throws (an `onScale` that throws) at error.
   * Without a logger the tick rethrows the first such error after evaluating every revision.
   * @defaultValue no logging
   */
  log?: Logger;
}

export interface AutoscalerStatus {
  desired: number;
  panicking: boolean;
  stableConcurrency: number;
  panicConcurrency: number;
  stableRps: number;
  panicRps: number;
  metric: ScalingMetric;
  target: number;
  ready: number;
  /** The PodAutoscaler's Active condition: Unknown = activating. */
  active: ActiveStatus;
  excessBurstCapacity: number;
}

interface Observation {
  stableConcurrency: number;
  panicConcurrency: number;
  stableRps: number;
  panicRps: number;
}

interface Entry {
  key: RevisionKey;
  settings: EffectiveSettings;
  metrics: RevisionMetrics;
  decider: DeciderState;
  /** The decider's last valid recommendation (-1 before the first). */
  recommended: number;
  excessBurstCapacity: number;
  panicking: boolean;
  pa: PaState;
  ready: number;
  desired: number;
  observed: Observation;
}

export class Autoscaler {
  readonly #tickMs: number;
  readonly #now: () => number;
  readonly #onScale: AutoscalerOptions['onScale'];
  readonly #log: Logger | undefined;
  readonly #entries = new Map<RevisionKey, Entry>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AutoscalerOptions) {
    this.#tickMs = options.tickMs ?? DEFAULT_TICK_MS;
    this.#now = options.now ?? Date.now;
    this.#onScale = options.onScale;
    this.#log = options.log;
  }

  /** Adds a revision (starting at its initial scale) or updates its settings (bounds apply at once). */
  setRevision(key: RevisionKey, settings: EffectiveSettings): void {
    const now = this.#now();
    const existing = this.#entries.get(key);
    if (existing) {
      const previous = existing.settings;
      existing.settings = settings;
      existing.metrics.setRetention(settings.stableWindowMs);
      if (previous.scaleDownDelayMs !== settings.scaleDownDelayMs) {
        existing.decider = {
          ...existing.decider,
          delayWindow: initialDeciderState(now, 0, settings, this.#tickMs).delayWindow,
        };
      }
      this.#reconcile(existing, now);
      return;
    }
    const entry: Entry = {
      key,
      settings,
      metrics: new RevisionMetrics({ now: this.#now, retentionMs: settings.stableWindowMs }),
      decider: initialDeciderState(now, 0, settings, this.#tickMs),
      recommended: -1,
      excessBurstCapacity: 0,
      panicking: false,
      pa: initialPaState(now),
      ready: 0,
      desired: initialReplicas(settings),
      observed: { stableConcurrency: 0, panicConcurrency: 0, stableRps: 0, panicRps: 0 },
    };
    this.#entries.set(key, entry);
    this.#report(entry);
  }

  removeRevision(key: RevisionKey): void {
    this.#entries.delete(key);
  }

  setReady(key: RevisionKey, readyReplicas: number): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    entry.ready = readyReplicas;
    entry.metrics.setScraped(readyReplicas > 0);
  }

  requestStarted(key: RevisionKey): void {
    this.#entries.get(key)?.metrics.requestStarted();
  }

  requestEnded(key: RevisionKey): void {
    this.#entries.get(key)?.metrics.requestEnded();
  }

  /** A request found no ready replica: ask for max(1, activation-scale) replicas now. */
  poke(key: RevisionKey): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    entry.recommended = Math.max(entry.recommended, Math.max(1, entry.settings.activationScale));
    this.#reconcile(entry, this.#now());
  }

  desired(key: RevisionKey): number | undefined {
    return this.#entries.get(key)?.desired;
  }

  status(key: RevisionKey): AutoscalerStatus | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    return {
      desired: e.desired,
      panicking: e.panicking,
      ...e.observed,
      metric: e.settings.metric,
      target: e.settings.targetValue,
      ready: e.ready,
      active: e.pa.active,
      excessBurstCapacity: e.excessBurstCapacity,
    };
  }

  /** One evaluation of every revision (what the timer runs). */
  tick(): void {
    const now = this.#now();
    let failure: unknown;
    for (const entry of this.#entries.values()) {
      try {
        this.#evaluate(entry, now);
      } catch (err) {
        if (!this.#log) failure ??= err;
        this.#log?.error('autoscaling failed', { revision: entry.key, error: err });
      }
    }
    if (failure !== undefined) throw failure;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.tick(), this.#tickMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #evaluate(entry: Entry, now: number): void {
    const s = entry.settings;
    const weighted = s.aggregation === 'weightedExponential';
    const stable = entry.metrics.windowAverage(now, s.stableWindowMs, weighted);
    const panic = entry.metrics.windowAverage(now, s.panicWindowMs, weighted);
    entry.observed = {
      stableConcurrency: stable.concurrency,
      panicConcurrency: panic.concurrency,
      stableRps: stable.rps,
      panicRps: panic.rps,
    };
    // Knative reports "no data" only when it scrapes replicas, i.e. unless target-burst-capacity is -1.
    const noData = s.targetBurstCapacity !== -1 && entry.metrics.isEmpty(now, s.stableWindowMs);
    const observed = noData ? undefined : { stable: stable[s.metric], panic: panic[s.metric] };
    const decision = decide({ nowMs: now, readyPods: entry.ready, observed, spec: s }, entry.decider);
    entry.decider = decision.state;
    if (decision.panicking !== entry.panicking) {
      this.#log?.info(decision.panicking ? 'panicking' : 'un-panicking', { revision: entry.key });
      entry.panicking = decision.panicking;
    }
    if (decision.valid) {
      entry.recommended = decision.desiredScale;
      entry.excessBurstCapacity = decision.excessBurstCapacity;
    }
    this.#reconcile(entry, now);
  }

  #reconcile(entry: Entry, now: number): void {
    const outcome = scale(entry.recommended, entry.pa, entry.settings, now);
    const changed = outcome.apply && outcome.want !== entry.desired;
    if (changed) {
      this.#log?.info(`scaling from ${entry.desired} to ${outcome.want}`, { revision: entry.key });
      entry.desired = outcome.want;
    }
    entry.pa = nextPaState(
      entry.pa,
      { want: outcome.want, ready: entry.ready, excessBurstCapacity: entry.excessBurstCapacity },
      entry.settings,
      now,
    );
    if (changed) this.#report(entry);
  }

  #report(entry: Entry): void {
    const s = entry.settings;
    const metric = s.metric === 'rps' ? 'Rps' : 'Concurrency';
    const info: ScaleInfo = {
      panicking: entry.panicking,
      stable: entry.observed[`stable${metric}`],
      panic: entry.observed[`panic${metric}`],
      target: s.targetValue,
      ready: entry.ready,
    };
    this.#onScale(entry.key, entry.desired, info);
  }
}
