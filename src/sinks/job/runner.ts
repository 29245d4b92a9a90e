/**
 * The job runner: runs Jobs' pods as local processes to completion, at most `limit` at a time per pool
 * (a JobSink's Jobs share one pool), the rest queued oldest first. The Job reconciler drives it — it
 * submits a run, reads the run's state back into the Job's status, and forgets the run once the status
 * has counted it — so a run's result is never counted twice, nor lost when a status write fails.
 * What the runner holds is in memory only: after a restart a Job that was running is simply submitted
 * again. Output goes to one log file per Job (`{logDir}/{namespace}_{name}.log`, all its runs), served
 * by `logs` and `follow`; each run starts and ends with an `ebb:` line.
 */
import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { LogStore } from '../../serving/runtime/log-store.js';
import { type JobProcessSpec, JobRun, type RunEnd } from './run.js';

export interface RunRequest {
  /** The Job's `namespace/name`. */
  key: string;
  /** Runs of one pool share its concurrency bound. */
  pool: string;
  /** The pool's bound (the latest submit's wins). */
  limit: number;
  /** Queued runs start in this order (the Job's creationTimestamp and name). */
  order: string;
  /** Which run of the Job this is (its runs counted so far): the reconciler's guard against double counting. */
  attempt: number;
  spec: JobProcessSpec;
}

export type RunState =
  | { phase: 'queued'; attempt: number; running: number; limit: number; ahead: number }
  | { phase: 'running'; attempt: number; startedAt: string; pid: number | undefined }
  | ({ phase: 'exited'; attempt: number; startedAt: string } & RunEnd);

interface Entry {
  request: RunRequest;
  run?: JobRun;
  startedAt?: string;
  end?: RunEnd;
}

interface Pool {
  limit: number;
  running: Set<string>;
  queued: Set<string>;
}

export interface JobRunnerOptions {
  logDir: string;
}

export class JobRunner extends EventEmitter<{ change: [key: string] }> {
  private readonly entries = new Map<string, Entry>();
  private readonly pools = new Map<string, Pool>();
  private readonly logStore: LogStore;
  private stopped = false;

  constructor(options: JobRunnerOptions) {
    super();
    this.logStore = new LogStore({ dir: options.logDir });
  }

  /** Queues a run of the Job unless one is already queued, running, or ended and not yet forgotten. */
  submit(request: RunRequest): void {
    if (this.stopped) return;
    const pool = this.pool(request.pool);
    pool.limit = request.limit;
    if (this.entries.has(request.key)) {
      this.pump(pool);
      return;
    }
    this.entries.set(request.key, { request });
    pool.queued.add(request.key);
    this.pump(pool);
  }

  state(key: string): RunState | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const { attempt } = entry.request;
    if (entry.end)
      return { phase: 'exited', attempt, startedAt: entry.startedAt ?? entry.end.finishedAt, ...entry.end };
    if (entry.run) return { phase: 'running', attempt, startedAt: entry.startedAt!, pid: entry.run.pid };
    const pool = this.pool(entry.request.pool);
    return {
      phase: 'queued',
      attempt,
      running: pool.running.size,
      limit: pool.limit,
      ahead: this.ahead(pool, entry),
    };
  }

  /** Drops an ended run (its result is recorded) or a queued one; a running one is left running. */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.run) return;
    this.entries.delete(key);
    this.pools.get(entry.request.pool)?.queued.delete(key);
  }

  /** Stops the Job's run, if one runs; its end is recorded as any end is. */
  async stop(key: string): Promise<void> {
    await this.entries.get(key)?.run?.stop();
  }

  /** Stops the Job's run (if any), forgets it and removes its log: the Job is gone. */
  async remove(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) {
      this.pools.get(entry.request.pool)?.queued.delete(key);
      this.entries.delete(key);
      await entry.run?.stop();
    }
    this.logStore.close(key);
    const path = this.logStore.pathFor(key);
    for (const p of [path, `${path}.1`]) rmSync(p, { force: true });
  }

  async stopAll(): Promise<void> {
    this.stopped = true;
    const runs = [...this.entries.values()].flatMap((e) => (e.run ? [e.run] : []));
    this.entries.clear();
    this.pools.clear();
    await Promise.all(runs.map((r) => r.stop()));
    this.logStore.closeAll();
  }

  /** Number of runs in progress, for metrics. */
  runningCount(): number {
    let n = 0;
    for (const pool of this.pools.values()) n += pool.running.size;
    return n;
  }

  queuedCount(): number {
    let n = 0;
    for (const pool of this.pools.values()) n += pool.queued.size;
    return n;
  }

  logs(key: string, tail?: number): string {
    return this.logStore.read(key, tail);
  }

  followLogs(key: string, onLine: (line: string) => void): () => void {
    return this.logStore.follow(key, onLine);
  }

  /** Appends an `ebb:` line to the Job's log. */
  note(key: string, text: string): void {
    this.logStore.append(key, [`ebb: ${text}`]);
  }

  private pool(name: string): Pool {
    let pool = this.pools.get(name);
    if (!pool) {
      pool = { limit: 1, running: new Set(), queued: new Set() };
      this.pools.set(name, pool);
    }
    return pool;
  }

  private ahead(pool: Pool, entry: Entry): number {
    let n = 0;
    for (const key of pool.queued) {
      const other = this.entries.get(key);
      if (other && other !== entry && other.request.order < entry.request.order) n++;
    }
    return n;
  }

  private pump(pool: Pool): void {
    while (!this.stopped && pool.running.size < pool.limit && pool.queued.size > 0) {
      let next: Entry | undefined;
      for (const key of pool.queued) {
        const entry = this.entries.get(key);
        if (entry && (!next || entry.request.order < next.request.order)) next = entry;
      }
      if (!next) break;
      pool.queued.delete(next.request.key);
      this.start(pool, next);
    }
  }

  private start(pool: Pool, entry: Entry): void {
    const { key, attempt } = entry.request;
    pool.running.add(key);
    const run = new JobRun(entry.request.spec, {
      onOutput: (lines) => this.logStore.append(key, lines),
      onEnd: (end) => this.onEnd(pool, entry, end),
    });
    entry.run = run;
    entry.startedAt = run.startedAt;
    run.start();
    if (run.pid !== undefined) this.note(key, `run ${attempt + 1} started, pid ${run.pid}`);
    if (entry.run) this.emit('change', key);
  }

  private onEnd(pool: Pool, entry: Entry, end: RunEnd): void {
    const { key } = entry.request;
    pool.running.delete(key);
    delete entry.run;
    entry.end = end;
    const how = end.startError
      ? `could not start: ${end.startError}`
      : end.signal
        ? `exited on ${end.signal}`
        : `exited with code ${end.exitCode}`;
    if (!this.stopped) this.note(key, `run ${entry.request.attempt + 1} ${how}`);
    if (this.entries.get(key) === entry) this.emit('change', key);
    this.pump(pool);
  }
}
