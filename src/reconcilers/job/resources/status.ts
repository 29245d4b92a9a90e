/**
 * A Job's status as Kubernetes' job controller writes it, as pure functions of the status: counting a
 * finished run (succeeded/failed), deciding Complete (reason CompletionsReached, `completionTime`) or Failed
 * (BackoffLimitExceeded, DeadlineExceeded), the retry delay, and Ebb's `Pending` condition (why the pod has
 * not started: a concurrency slot, its Secret, a retry delay), removed once it runs. Counts that are 0 are
 * left out, as Kubernetes' omitempty leaves them.
 */
import { DEFAULT_BACKOFF_LIMIT, DEFAULT_COMPLETIONS, JOB_PENDING } from '../../../api/batch/index.js';
import type { Condition, KObject, Status } from '../../../api/object.js';
import type { RunEnd } from '../../../sinks/job/run.js';

/**
 * Retry delays after a failed run: 1 s doubling to 60 s. Kubernetes waits 10 s doubling to 6 min; a local
 * process has no image pull or scheduling to wait out, so Ebb retries sooner.
 */
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 60_000;

export interface JobCounts {
  succeeded: number;
  failed: number;
}

export const countsOf = (status: Status): JobCounts => ({
  succeeded: Number(status.succeeded ?? 0),
  failed: Number(status.failed ?? 0),
});

/** Runs counted so far: the number of the next run. */
export const countedRuns = (status: Status): number => {
  const c = countsOf(status);
  return c.succeeded + c.failed;
};

export function finishedCondition(status: Status): Condition | undefined {
  return status.conditions?.find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

function setCount(status: Status, field: 'active' | 'succeeded' | 'failed', n: number): void {
  if (n > 0) status[field] = n;
  else delete status[field];
}

export function setActive(status: Status, active: boolean, startedAt?: string): void {
  setCount(status, 'active', active ? 1 : 0);
  if (active && startedAt && !status.startTime) status.startTime = startedAt;
}

/** Counts a finished run; true when it succeeded. */
export function countRun(status: Status, end: RunEnd): boolean {
  const ok = end.exitCode === 0 && !end.startError;
  const c = countsOf(status);
  setCount(status, ok ? 'succeeded' : 'failed', ok ? c.succeeded + 1 : c.failed + 1);
  setActive(status, false);
  return ok;
}

/** How a run ended, for messages: `exited with code 3`, `could not start: ...`. */
export function describeEnd(end: RunEnd): string {
  if (end.startError) return `could not start: ${end.startError}`;
  return end.signal ? `was killed by ${end.signal}` : `exited with code ${end.exitCode}`;
}

export function setCondition(status: Status, next: Condition): void {
  status.conditions ??= [];
  const list = status.conditions;
  const i = list.findIndex((c) => c.type === next.type);
  const prev = i >= 0 ? list[i] : undefined;
  const at = prev && prev.status === next.status ? prev.lastTransitionTime : new Date().toISOString();
  const cond: Condition = { ...next, ...(at ? { lastTransitionTime: at } : {}) };
  if (i >= 0) list[i] = cond;
  else list.push(cond);
}

export function markPending(status: Status, reason: string, message: string): void {
  setCondition(status, { type: JOB_PENDING, status: 'True', reason, message });
}

export function clearPending(status: Status): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== JOB_PENDING);
  if (status.conditions.length === 0) delete status.conditions;
}

export type Verdict =
  | { done: false }
  | { done: true; type: 'Complete' | 'Failed'; reason: string; message: string };

/** Complete when enough runs succeeded, Failed when more failed than backoffLimit allows. */
export function verdict(job: KObject, status: Status, last?: RunEnd): Verdict {
  const c = countsOf(status);
  const completions = Number(job.spec?.completions ?? DEFAULT_COMPLETIONS);
  const backoffLimit = Number(job.spec?.backoffLimit ?? DEFAULT_BACKOFF_LIMIT);
  if (c.succeeded >= completions)
    return {
      done: true,
      type: 'Complete',
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
    };
  if (c.failed > backoffLimit) {
    const why = last ? ` (the last run ${describeEnd(last)}${lastLines(last)})` : '';
    return {
      done: true,
      type: 'Failed',
      reason: 'BackoffLimitExceeded',
      message: `Job has reached the specified backoff limit${why}`,
    };
  }
  return { done: false };
}

function lastLines(end: RunEnd): string {
  const lines = end.lastOutput
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-3);
  return lines.length ? `; last output: ${lines.join(' | ')}` : '';
}

/** True when the Job has been active longer than activeDeadlineSeconds; the ms left otherwise. */
export function deadline(job: KObject, status: Status, now: number): { exceeded: boolean; leftMs?: number } {
  const seconds = job.spec?.activeDeadlineSeconds;
  const start = Date.parse(String(status.startTime ?? ''));
  if (typeof seconds !== 'number' || Number.isNaN(start)) return { exceeded: false };
  const left = start + seconds * 1000 - now;
  return left <= 0 ? { exceeded: true } : { exceeded: false, leftMs: left };
}

export function finish(status: Status, v: Extract<Verdict, { done: true }>, now: number): void {
  clearPending(status);
  setActive(status, false);
  if (v.type === 'Complete') status.completionTime = new Date(now).toISOString();
  setCondition(status, { type: v.type, status: 'True', reason: v.reason, message: v.message });
}

export function retryDelayMs(failed: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failed - 1));
}

/** Milliseconds until a finished Job is deleted (ttlSecondsAfterFinished), undefined when it is kept. */
export function ttlLeftMs(job: KObject, status: Status, now: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  const done = finishedCondition(status);
  if (typeof ttl !== 'number' || !done) return undefined;
  const at = Date.parse(String(status.completionTime ?? done.lastTransitionTime ?? ''));
  if (Number.isNaN(at)) return 0;
  return Math.max(0, at + ttl * 1000 - now);
}
