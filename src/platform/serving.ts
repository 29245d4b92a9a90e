/**
 * The serving data plane as `ebb up` runs it: the replica runtime, the router and the autoscaler, wired so
 * the router drains replicas before the runtime stops them, learns ready endpoints as they change, feeds
 * every request to the autoscaler, and wakes a revision at zero the moment a request arrives (the
 * activator's job: no waiting for the next autoscaler tick); requests and replica lifetimes also go to
 * the usage meter (usage.ts).
 */
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import type { Logger } from '../log.js';
import type { ServingPlane } from '../reconcilers/revision/reconciler.js';
import { Autoscaler } from '../serving/autoscaler/index.js';
import { Router } from '../serving/router/index.js';
import { RevisionRuntime, reapOrphans } from '../serving/runtime/index.js';
import type { RevisionKey, RuntimeRevision } from '../serving/types.js';
import type { UsageMeter } from '../serving/usage/index.js';
import { registerAutoscalerMetrics } from './metrics/autoscaler.js';
import { registerRequestCount } from './request-count.js';
import { createUsageMeter, registerUsageMetrics } from './usage.js';

/** Where the live replica process groups are recorded (see reapOrphans). */
export const REPLICAS_FILE = 'replicas.json';

export interface ServingDataPlane extends ServingPlane {
  /** Called with every revision whose runtime or scale changed. */
  onRevisionChange(listener: (key: RevisionKey) => void): void;
  /** Requests, request-seconds, replica-seconds and memory per revision since the plane started. */
  usage: UsageMeter;
  stop(): Promise<void>;
}

export interface ServingPlaneOptions {
  dataDir: string;
  log: Logger;
  metrics: Registry;
  maxQueuePerRevision?: number | undefined;
}

export function createServingPlane({
  dataDir,
  log,
  metrics,
  maxQueuePerRevision,
}: ServingPlaneOptions): ServingDataPlane {
  const built = new Map<RevisionKey, RuntimeRevision>();
  const reachable = new Set<RevisionKey>();
  const listeners: ((key: RevisionKey) => void)[] = [];
  const notify = (key: RevisionKey) => {
    for (const l of listeners) l(key);
  };
  const usage = createUsageMeter(built);
  const autoscaler: Autoscaler = new Autoscaler({
    log: log.child('autoscaler'),
    onScale: (key, desired, info) => {
      log.info('scale', {
        revision: key,
        desired,
        ready: info.ready,
        panicking: info.panicking,
        stable: round(info.stable),
        panic: round(info.panic),
      });
      const rev = built.get(key);
      if (rev) runtime.ensure(rev, reachable.has(key) ? desired : 0);
      notify(key);
    },
  });
  const router = new Router({
    log: log.child('router'),
    ...(maxQueuePerRevision ? { maxQueuePerRevision } : {}),
    onRequestStart: (key) => {
      autoscaler.requestStarted(key);
      usage.meter.requestStarted(key);
    },
    onRequestEnd: (key, status, latencyMs) => {
      autoscaler.requestEnded(key);
      usage.meter.requestEnded(key);
      requestCount(key, status, latencyMs);
    },
    onNoCapacity: (key) => autoscaler.poke(key),
    reasonFor: (key) => {
      const st = runtime.status(key);
      if (!st) return undefined;
      if (st.startError) return st.startError;
      const t = st.lastTermination;
      if (!t) return undefined;
      const how = t.exitCode !== null ? `exit code ${t.exitCode}` : `signal ${t.signal}`;
      return `the replica exited (${how}): ${t.lastOutput.trim().split('\n').slice(-3).join(' | ')}`;
    },
  });
  const orphans = reapOrphans(join(dataDir, REPLICAS_FILE));
  if (orphans > 0) log.warn('killed replicas left running by an ebb up that was killed', { count: orphans });
  const runtime: RevisionRuntime = new RevisionRuntime({
    logDir: join(dataDir, 'logs'),
    drain: (id, timeoutMs) => router.drain(id, timeoutMs),
    log: log.child('runtime'),
  });
  runtime.on('change', (key: RevisionKey) => {
    const ready = runtime.readyEndpoints(key);
    router.setEndpoints(key, ready);
    autoscaler.setReady(key, ready.length);
    notify(key);
  });
  runtime.on('replicaStart', (key, id, pid) => usage.meter.replicaStarted(key, id, pid));
  runtime.on('replicaEnd', (key, id) => usage.meter.replicaEnded(key, id));
  registerAutoscalerMetrics(metrics, autoscaler, () => runtime, built);
  registerUsageMetrics(metrics, usage.meter);
  const requestCount = registerRequestCount(metrics, built, () => router);
  autoscaler.start();
  return {
    runtime,
    router,
    autoscaler,
    built,
    reachable,
    usage: usage.meter,
    onRevisionChange: (l) => listeners.push(l),
    async stop() {
      autoscaler.stop();
      usage.stop();
      await runtime.stopAll();
      router.close();
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
