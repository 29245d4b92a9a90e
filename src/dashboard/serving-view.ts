/**
 * The Services view: each Knative Service with its URL, traffic split and tags and its Revisions, and per
 * Revision a sample every tick — requests/s and concurrency (the usage meter and the router), desired and
 * actual replicas and panic mode (the autoscaler and the runtime), p50/p99 latency (the router's
 * request-end hook, which this wraps) and the mean (the usage meter's request-seconds) — kept as a short
 * history for the charts; the replica list comes from the runtime.
 */
import type { KObject } from '../api/object.js';
import type { ServingPlane } from '../reconcilers/revision/reconciler.js';
import type { UsageMeter } from '../serving/usage/index.js';
import type { ObjectMirror, ReadyState } from './objects.js';
import { readyOf } from './objects.js';
import { type Ring, ringFor } from './ring.js';
import { percentile, Rates, round2 } from './stats.js';

/** Samples kept per revision (one per tick: 5 minutes at 1 s). */
export const HISTORY_SAMPLES = 300;
/** Request latencies kept per revision for its percentiles. */
const LATENCIES_PER_REVISION = 1_024;
/** Latencies older than this do not count, ms. */
const LATENCY_WINDOW_MS = 30_000;

export interface RevisionSample {
  t: number;
  rps: number;
  concurrency: number;
  desired: number;
  actual: number;
  ready: number;
  panic: 0 | 1;
  p50?: number;
  p99?: number;
  /** Mean latency over the tick, ms (from the usage meter's request-seconds). */
  mean?: number;
}

export interface ReplicaView {
  id: string;
  state: string;
  pid?: number;
  port: number;
  startedAt: string;
  uptimeSeconds: number;
}

export interface RevisionView {
  key: string;
  namespace: string;
  name: string;
  service: string;
  ready: ReadyState;
  containerConcurrency: number;
  metric?: string;
  target?: number;
  active?: string;
  replicas: ReplicaView[];
  restarts: number;
  crashLooping: boolean;
  startError?: string;
  lastExit?: { exitCode: number | null; signal: string | null; at: string; lastLines: string };
  queued: number;
  now?: RevisionSample;
}

export interface ServiceView {
  namespace: string;
  name: string;
  url?: string;
  ready: ReadyState;
  latestReadyRevision?: string;
  traffic: { revision: string; percent: number; tag?: string; url?: string; latest?: boolean }[];
  revisions: string[];
}

export interface ServingSources {
  plane: ServingPlane;
  usage: UsageMeter;
}

type EndHook = (key: string, status: number, latencyMs?: number) => void;

export class ServingSampler {
  readonly #history = new Map<string, Ring<RevisionSample>>();
  readonly #latencies = new Map<string, Ring<{ at: number; ms: number }>>();
  readonly #rates = new Rates();
  readonly #hook: EndHook;
  readonly #previous: EndHook | undefined;

  constructor(
    private readonly src: ServingSources,
    private readonly mirror: ObjectMirror,
    private readonly now: () => number = Date.now,
  ) {
    // The router's hooks are assignable after construction; the dashboard chains onto the request end.
    const hooks = src.plane.router.hooks as { onRequestEnd?: EndHook };
    const previous = hooks.onRequestEnd;
    this.#previous = previous;
    this.#hook = (key, status, latencyMs) => {
      previous?.(key, status, latencyMs);
      if (latencyMs !== undefined) this.#latency(key, latencyMs);
    };
    hooks.onRequestEnd = this.#hook;
  }

  /** Takes one sample of every revision the plane runs. */
  sample(): void {
    const t = this.now();
    const { plane } = this.src;
    const usage = new Map(this.src.usage.usage().map((u) => [`${u.namespace}/${u.revision}`, u]));
    const keys = new Set(plane.built.keys());
    for (const key of keys) {
      const rt = plane.runtime.status(key);
      const as = plane.autoscaler.status(key);
      const lat = this.#percentiles(key, t);
      const rps = this.#rates.rate(key, usage.get(key)?.requests ?? 0, t);
      const busy = this.#rates.rate(`busy:${key}`, usage.get(key)?.requestSeconds ?? 0, t);
      const s: RevisionSample = {
        t,
        rps: round2(rps),
        concurrency: plane.router.inFlight(key),
        desired: as?.desired ?? rt?.desired ?? 0,
        actual: rt?.actual ?? 0,
        ready: rt?.ready ?? 0,
        panic: as?.panicking ? 1 : 0,
        ...lat,
        ...(rps > 0 ? { mean: round2((busy / rps) * 1000) } : {}),
      };
      const ring = ringFor(this.#history, key, HISTORY_SAMPLES);
      ring.push(s);
    }
    for (const key of this.#history.keys()) if (!keys.has(key)) this.#history.delete(key);
    for (const key of this.#latencies.keys()) if (!keys.has(key)) this.#latencies.delete(key);
    this.#rates.retain(new Set([...keys].flatMap((k) => [k, `busy:${k}`])));
  }

  history(key: string): RevisionSample[] {
    return this.#history.get(key)?.toArray() ?? [];
  }

  services(): ServiceView[] {
    return this.mirror.list('services').map((svc) => serviceView(svc, this.mirror));
  }

  revisions(): RevisionView[] {
    const { plane } = this.src;
    const t = this.now();
    return this.mirror.list('revisions').map((rev) => {
      const namespace = rev.metadata.namespace ?? '';
      const key = `${namespace}/${rev.metadata.name}`;
      const rt = plane.runtime.status(key);
      const as = plane.autoscaler.status(key);
      const last = rt?.lastTermination;
      const now = this.#history.get(key)?.last();
      return {
        key,
        namespace,
        name: rev.metadata.name,
        service: rev.metadata.labels?.['serving.knative.dev/service'] ?? '',
        ready: readyOf(rev),
        containerConcurrency: Number(rev.spec?.containerConcurrency ?? 0),
        ...(as ? { metric: as.metric, target: as.target, active: String(as.active) } : {}),
        replicas: (rt?.replicas ?? []).map((r) => ({
          id: r.id,
          state: r.state,
          ...(r.pid !== undefined ? { pid: r.pid } : {}),
          port: r.port,
          startedAt: r.startedAt,
          uptimeSeconds: Math.max(0, Math.round((t - Date.parse(r.startedAt)) / 1000)),
        })),
        restarts: rt?.restarts ?? 0,
        crashLooping: rt?.crashLooping ?? false,
        ...(rt?.startError ? { startError: rt.startError } : {}),
        ...(last
          ? {
              lastExit: {
                exitCode: last.exitCode,
                signal: last.signal,
                at: last.at,
                lastLines: last.lastOutput.trim().split('\n').slice(-3).join('\n'),
              },
            }
          : {}),
        queued: plane.router.queued(key),
        ...(now ? { now } : {}),
      };
    });
  }

  /** Puts the router's hook back as it was (if nothing replaced it since). */
  close(): void {
    const hooks = this.src.plane.router.hooks as { onRequestEnd?: EndHook };
    if (hooks.onRequestEnd === this.#hook) hooks.onRequestEnd = this.#previous;
  }

  #latency(key: string, ms: number): void {
    const ring = ringFor(this.#latencies, key, LATENCIES_PER_REVISION);
    ring.push({ at: this.now(), ms });
  }

  #percentiles(key: string, t: number): { p50?: number; p99?: number } {
    const values = (this.#latencies.get(key)?.toArray() ?? [])
      .filter((l) => l.at >= t - LATENCY_WINDOW_MS)
      .map((l) => l.ms);
    const p50 = percentile(values, 50);
    const p99 = percentile(values, 99);
    return {
      ...(p50 !== undefined ? { p50: round2(p50) } : {}),
      ...(p99 !== undefined ? { p99: round2(p99) } : {}),
    };
  }
}

function serviceView(svc: KObject, mirror: ObjectMirror): ServiceView {
  const namespace = svc.metadata.namespace ?? '';
  const status = svc.status ?? {};
  const traffic = Array.isArray(status.traffic) ? (status.traffic as any[]) : [];
  const revisions = mirror
    .list('revisions')
    .filter(
      (r) =>
        r.metadata.namespace === namespace &&
        r.metadata.labels?.['serving.knative.dev/service'] === svc.metadata.name,
    )
    .map((r) => `${namespace}/${r.metadata.name}`);
  return {
    namespace,
    name: svc.metadata.name,
    ...(typeof status.url === 'string' ? { url: status.url } : {}),
    ready: readyOf(svc),
    ...(typeof status.latestReadyRevisionName === 'string'
      ? { latestReadyRevision: status.latestReadyRevisionName }
      : {}),
    traffic: traffic.map((t) => ({
      revision: String(t.revisionName ?? ''),
      percent: Number(t.percent ?? 0),
      ...(t.tag ? { tag: String(t.tag) } : {}),
      ...(t.url ? { url: String(t.url) } : {}),
      ...(t.latestRevision !== undefined ? { latest: Boolean(t.latestRevision) } : {}),
    })),
    revisions,
  };
}
