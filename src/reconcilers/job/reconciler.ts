/**
 * Job (batch/v1): runs the Job's pod as a local process to completion through the job runner, one run
 * after another until `completions` succeeded (Complete) or more than `backoffLimit` failed (Failed,
 * BackoffLimitExceeded; retried after 1 s, 2 s, 4 s, ...), within `activeDeadlineSeconds` (Failed,
 * DeadlineExceeded). Status is Kubernetes' — startTime, completionTime, active/succeeded/failed,
 * conditions — plus Ebb's `Pending` while the pod waits for a slot of its JobSink's concurrency bound,
 * its Secret, or a retry. A finished Job is kept, or deleted `ttlSecondsAfterFinished` after it finished.
 *
 * A run's result is counted in two steps so it is never counted twice nor run twice: the reconcile that
 * sees a run end counts it into the status; only a later one, reading that count back from the store,
 * forgets the run and starts the next. A Job whose status says a run was active but which the runner does
 * not know was running when `ebb up` stopped: it is run again (that run is not counted as a failure).
 * `spec.suspend` holds a Job that has not started. Deleting a Job stops its process.
 */
import { cpus } from 'node:os';
import { JOB } from '../../api/batch/index.js';
import { ConditionSet } from '../../api/conditions.js';
import { JOB_CONCURRENCY_ANNOTATION, parseJobConcurrency } from '../../api/eventing/job-sink.js';
import type { KObject, Status } from '../../api/object.js';
import {
  type KindReconciler,
  ownerKeys,
  type ReconcileContext,
  splitKey,
} from '../../controller/reconciler.js';
import type { JobRunner } from '../../sinks/job/runner.js';
import type { ResourceStore } from '../../store/types.js';
import { JOB_SINK_NAME_LABEL } from '../jobsink/resources/event-job.js';
import { IMAGES_CONFIGMAP } from '../revision/resources/images.js';
import { secretValues } from '../secrets.js';
import { buildJobProcess } from './resources/process.js';
import {
  clearPending,
  countedRuns,
  countRun,
  deadline,
  describeEnd,
  finish,
  finishedCondition,
  markPending,
  retryDelayMs,
  setActive,
  setCondition,
  ttlLeftMs,
  verdict,
} from './resources/status.js';

export const JOBS = 'jobs.batch';
export const JOB_SINKS = 'jobsinks.sinks.knative.dev';
/** How many of a JobSink's Jobs run at once without `ebb.dev/job-concurrency`: the CPU count. */
export const DEFAULT_JOB_CONCURRENCY = Math.max(1, cpus().length);
/** How often a Job whose pod cannot start (a missing Secret, an unmapped image) looks again. */
const RETRY_START_MS = 5_000;

/** Kubernetes Jobs have no Ready condition and none until they finish: nothing is initialised. */
class JobConditions extends ConditionSet {
  override get types(): string[] {
    return [];
  }
}

export interface JobReconcilerOptions {
  runner: JobRunner;
  /** Where runs' work folders (their volumes, the event file) go. */
  workRoot: string;
  now?: () => number;
}

/** The pool a Job runs in and its bound: its JobSink's, or one pool for all other Jobs. */
export function poolOf(store: ResourceStore, job: KObject): { pool: string; limit: number } {
  const ns = job.metadata.namespace ?? 'default';
  const sinkName = job.metadata.labels?.[JOB_SINK_NAME_LABEL];
  const owner = job.metadata.ownerReferences?.find((r) => r.kind === 'JobSink' && r.name === sinkName);
  if (!sinkName || !owner) return { pool: 'jobs', limit: DEFAULT_JOB_CONCURRENCY };
  const sink = store.get({ resource: JOB_SINKS, namespace: ns, name: sinkName });
  const value = sink?.metadata.annotations?.[JOB_CONCURRENCY_ANNOTATION];
  const parsed = value === undefined ? undefined : parseJobConcurrency(value);
  return { pool: `jobsink:${ns}/${sinkName}`, limit: parsed?.ok ? parsed.value : DEFAULT_JOB_CONCURRENCY };
}

export function jobReconciler(opts: JobReconcilerOptions): KindReconciler {
  const { runner } = opts;
  const now = opts.now ?? Date.now;
  /** Jobs waiting out a retry delay: not before this time (ms). In memory: a restart retries at once. */
  const notBefore = new Map<string, number>();
  let enqueue: ReconcileContext['enqueue'] | undefined;
  runner.on('change', (key) => {
    const { namespace, name } = splitKey(key);
    enqueue?.(JOBS, namespace, name);
  });

  function startRun(job: KObject, status: Status, ctx: ReconcileContext): number | undefined {
    const ns = job.metadata.namespace ?? 'default';
    const key = `${ns}/${job.metadata.name}`;
    const built = buildJobProcess(
      job,
      {
        secret: (name) => secretValues(ctx.store, ns, name),
        secretBytes: (name) => secretBytes(ctx.store, ns, name),
        configMap: (name) => ctx.config(ns, name),
        images: ctx.config(IMAGES_CONFIGMAP.namespace, IMAGES_CONFIGMAP.name),
      },
      opts.workRoot,
    );
    if (!built.ok) {
      markPending(status, built.reason, built.message);
      return RETRY_START_MS;
    }
    const { pool, limit } = poolOf(ctx.store, job);
    runner.submit({
      key,
      pool,
      limit,
      order: `${job.metadata.creationTimestamp ?? ''} ${job.metadata.name}`,
      attempt: countedRuns(status),
      spec: built.spec,
    });
    const run = runner.state(key);
    if (run?.phase === 'running') {
      clearPending(status);
      setActive(status, true, run.startedAt);
    } else if (run?.phase === 'queued') {
      const owner = job.metadata.labels?.[JOB_SINK_NAME_LABEL];
      const whose = pool === 'jobs' ? 'Jobs outside JobSinks' : `JobSink ${owner}'s Jobs`;
      markPending(
        status,
        'ConcurrencyLimit',
        `waiting for a slot: ${run.running} of ${run.limit} ${whose} run at once (${JOB_CONCURRENCY_ANNOTATION}); ${run.ahead} queued ahead`,
      );
    }
    return undefined;
  }

  return {
    def: JOB,
    conditions: new JobConditions('', []),
    watches: [
      { resource: 'secrets', keysFor: ownerKeys('Job') },
      { resource: JOB_SINKS, keysFor: (o) => [`${o.metadata.namespace ?? ''}/*`] },
      {
        resource: 'configmaps',
        keysFor: (o) =>
          o.metadata.namespace === IMAGES_CONFIGMAP.namespace && o.metadata.name === IMAGES_CONFIGMAP.name
            ? ['*']
            : [`${o.metadata.namespace ?? ''}/*`],
      },
    ],
    async reconcileKind(job, _cm, ctx) {
      enqueue ??= ctx.enqueue;
      const ns = job.metadata.namespace ?? 'default';
      const key = `${ns}/${job.metadata.name}`;
      const status = job.status!;
      const t = now();

      if (finishedCondition(status)) {
        runner.forget(key);
        notBefore.delete(key);
        const left = ttlLeftMs(job, status, t);
        if (left === undefined) return undefined;
        if (left > 0) return { requeueAfterMs: left };
        ctx.store.delete({ resource: JOBS, namespace: ns, name: job.metadata.name });
        return undefined;
      }

      const counted = countedRuns(status);
      let run = runner.state(key);
      if (run?.phase === 'exited' && run.attempt < counted) {
        runner.forget(key); // counted by an earlier reconcile, and that count is stored
        run = undefined;
      }
      if (run?.phase === 'exited') {
        const ok = countRun(status, run);
        const v = verdict(job, status, run);
        if (v.done) {
          finish(status, v, t);
          return undefined;
        }
        const delay = ok ? 0 : retryDelayMs(Number(status.failed ?? 0));
        notBefore.set(key, t + delay);
        const what = ok ? 'succeeded' : describeEnd(run);
        markPending(
          status,
          ok ? 'NextRun' : 'BackoffDelay',
          `run ${run.attempt + 1} ${what}; the next run starts in ${Math.ceil(delay / 1000)}s`,
        );
        return { requeueAfterMs: Math.max(delay, 1) };
      }
      if (run?.phase === 'running') {
        clearPending(status);
        setActive(status, true, run.startedAt);
        const d = deadline(job, status, t);
        if (!d.exceeded) return d.leftMs === undefined ? undefined : { requeueAfterMs: d.leftMs };
        await runner.stop(key);
        runner.forget(key);
        finish(
          status,
          {
            done: true,
            type: 'Failed',
            reason: 'DeadlineExceeded',
            message: 'Job was active longer than specified deadline',
          },
          t,
        );
        return undefined;
      }
      if (run?.phase === 'queued')
        return startRun(job, status, ctx) === undefined ? undefined : { requeueAfterMs: RETRY_START_MS };

      // No run: the first, the next after a counted one, or one interrupted by a restart of ebb up.
      const v = verdict(job, status);
      if (v.done) {
        finish(status, v, t);
        return undefined;
      }
      if (deadline(job, status, t).exceeded) {
        finish(
          status,
          {
            done: true,
            type: 'Failed',
            reason: 'DeadlineExceeded',
            message: 'Job was active longer than specified deadline',
          },
          t,
        );
        return undefined;
      }
      if (job.spec?.suspend === true) {
        setCondition(status, {
          type: 'Suspended',
          status: 'True',
          reason: 'JobSuspended',
          message: 'Job suspended',
        });
        return undefined;
      }
      status.conditions = status.conditions?.filter((c) => c.type !== 'Suspended');
      if (status.conditions?.length === 0) delete status.conditions;
      const wait = (notBefore.get(key) ?? 0) - t;
      if (wait > 0) return { requeueAfterMs: wait };
      notBefore.delete(key);
      if (Number(status.active ?? 0) > 0) {
        runner.note(key, `run ${counted + 1} was running when ebb up stopped; running it again`);
        setActive(status, false);
      }
      const retry = startRun(job, status, ctx);
      return retry === undefined ? undefined : { requeueAfterMs: retry };
    },
    async finalize(key) {
      notBefore.delete(key);
      void runner.remove(key);
    },
  };
}

function secretBytes(
  store: ResourceStore,
  namespace: string,
  name: string,
): Record<string, Buffer> | undefined {
  const secret = store.get({ resource: 'secrets', namespace, name });
  if (!secret) return undefined;
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries((secret.data as Record<string, string>) ?? {}))
    out[k] = Buffer.from(v, 'base64');
  return out;
}
