/**
 * JobSinks as `ebb up` runs them: the receiver on the ingress port (Host
 * `job-sink.knative-eventing.svc.cluster.local`), which records one batch/v1 Job and its event Secret per
 * event in the store; the JobSink reconciler (address, conditions); and the Job reconciler with its job
 * runner, which runs each Job's pod as a local process, at most `ebb.dev/job-concurrency` per JobSink at
 * once. Runs' work folders (the event file) are under `{data dir}/jobs/`, their output under
 * `{data dir}/logs/jobs/`, served as the `jobs/{name}/log` subresource (`ebb logs job/NAME`).
 * On `/metrics`: jobsink_events_total{namespace,name,code}, jobs_running, jobs_queued.
 */
import { join } from 'node:path';
import { Counter, Gauge } from 'prom-client';
import type { KObject } from '../api/object.js';
import { registerLogSource } from '../apiserver/logs.js';
import { JOB_SINKS, JOBS, jobReconciler } from '../reconcilers/job/reconciler.js';
import { finishedCondition } from '../reconcilers/job/resources/status.js';
import { jobSinkReconciler } from '../reconcilers/jobsink/reconciler.js';
import { buildEventJob, buildEventSecret, jobNameFor } from '../reconcilers/jobsink/resources/event-job.js';
import { type JobSinkBackend, JobSinkReceiver, type JobState } from '../sinks/job/receiver.js';
import { JobRunner } from '../sinks/job/runner.js';
import type { ResourceStore } from '../store/types.js';
import type { FlowKindContext, FlowKindPlane } from './flow-kinds.js';

/** The store behind the receiver: the JobSink, and the Job and Secret recorded for an event. */
export function storeBackend(store: ResourceStore): JobSinkBackend {
  const sinkOf = (namespace: string, name: string) => store.get({ resource: JOB_SINKS, namespace, name });
  return {
    has: (namespace, name) => sinkOf(namespace, name) !== undefined,
    accept(namespace, name, event) {
      const sink = sinkOf(namespace, name);
      if (!sink) throw new Error(`jobsink ${namespace}/${name} not found`);
      const desired = buildEventJob(sink, event.source, event.id);
      const ref = { resource: JOBS, namespace, name: desired.metadata.name };
      const existing = store.get(ref);
      const job = existing ?? store.create(JOBS, desired, { hasStatus: true });
      ensureEventSecret(store, job, event.json);
      return { created: existing === undefined, job: job.metadata.name };
    },
    state(namespace, name, source, id) {
      const job = store.get({ resource: JOBS, namespace, name: jobNameFor(name, source, id) });
      if (!job) return undefined;
      const done = finishedCondition(job.status ?? {});
      return (done?.type as JobState | undefined) ?? 'Active';
    },
  };
}

/**
 * The Job first, then its Secret, as Knative does: a Job without its Secret waits (Pending,
 * ContainerCreating). A crash between the two writes answers no 202, the sender retries, and the retry
 * finds the Job and writes the missing Secret (Knative's handler returns early there and leaves it missing).
 */
function ensureEventSecret(store: ResourceStore, job: KObject, json: string): void {
  const secret = buildEventSecret(job, json);
  const ref = { resource: 'secrets', namespace: secret.metadata.namespace ?? '', name: secret.metadata.name };
  if (!store.get(ref)) store.create('secrets', secret);
}

export function createJobSinks(ctx: FlowKindContext): FlowKindPlane {
  const runner = new JobRunner({ logDir: join(ctx.dataDir, 'logs', 'jobs') });
  const unregister = registerLogSource(ctx.store, JOBS, {
    tail: (key, lines) => runner.logs(key, lines),
    follow: (key, onLine) => runner.followLogs(key, onLine),
  });
  const events = new Counter({
    name: 'jobsink_events_total',
    help: 'JobSink: events received, by the status they were answered with (202: a Job is recorded)',
    labelNames: ['namespace', 'name', 'code'],
    registers: [ctx.metrics],
  });
  new Gauge({
    name: 'jobs_running',
    help: "Jobs whose pod's process runs",
    registers: [ctx.metrics],
    collect() {
      this.set(runner.runningCount());
    },
  });
  new Gauge({
    name: 'jobs_queued',
    help: 'Jobs waiting for a slot of their concurrency bound',
    registers: [ctx.metrics],
    collect() {
      this.set(runner.queuedCount());
    },
  });
  const receiver = new JobSinkReceiver({
    backend: storeBackend(ctx.store),
    logger: ctx.log.child('jobsink'),
    onResult: (namespace, name, code) => events.inc({ namespace, name, code: String(code) }),
  });
  return {
    reconcilers: [
      jobSinkReconciler({ ingressPort: ctx.ingressPort }),
      jobReconciler({ runner, workRoot: join(ctx.dataDir, 'jobs') }),
    ],
    handlers: [(req, res) => receiver.handle(req, res)],
    async stop() {
      unregister();
      await runner.stopAll();
    },
  };
}
