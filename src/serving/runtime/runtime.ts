/**
 * The process supervisor: keeps each revision's replicas (child processes) at the desired count, restarts
 * crashed ones with CrashLoopBackOff, removes replicas gracefully (leave the ready set → drain → SIGTERM →
 * SIGKILL), and reports through `status`, `readyEndpoints` and a `'change'` event carrying the revision key.
 *
 * `'change'` is emitted asynchronously (once per key per microtask turn), never from inside a call to
 * this class, so a listener may call back into it; `ensure` with nothing new emits nothing.
 *
 * Decisions: a spec change (command, env, baseDir or workingDir, probes) replaces every replica, since Knative would
 * make it a new revision. Crash backoff is per revision: replicas that crash together wait out one delay.
 * `crashLooping` stays true from a crash until a replica becomes ready or stays up for the backoff's
 * reset time (which also clears `lastTermination`). Replicas run in their own process groups
 * (process-group.ts); their output goes to one log per revision (log-store.ts).
 */
import { EventEmitter } from 'node:events';
import type { ReplicaEndpoint, RevisionKey, RuntimeRevision } from '../types.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { LogStore } from './log-store.js';
import { DEFAULT_TERMINATION_GRACE_SECONDS, Replica, type ReplicaEnd, type ReplicaHooks } from './replica.js';
import {
  entryStatus,
  newEntry,
  type RevisionEntry,
  type RuntimeStatus,
  scaleDownVictims,
  specFingerprint,
} from './revision-entry.js';

/** Knative's default request timeout, used as the drain bound when a revision has none. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

export interface RuntimeLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface RevisionRuntimeOptions {
  /** Directory for the per-revision log files. */
  logDir: string;
  /** Address replicas are probed and reached on. @defaultValue '127.0.0.1' */
  host?: string;
  /**
   * Resolves when the replica has no requests in flight, or once `timeoutMs` passed. Called before a
   * removed replica is signalled. @defaultValue resolves at once
   */
  drain?: (replicaId: string, timeoutMs: number) => Promise<void>;
  log?: RuntimeLogger;
  /** Crash backoff tuning (mostly for tests). @defaultValue 100 ms doubling to 10 s, reset after 10 s up */
  backoff?: BackoffOptions;
  /** Rotation size of a revision's log file. @defaultValue 5 MiB */
  maxLogFileBytes?: number;
}

const silent: RuntimeLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * `'change'` (async, coalesced) as above; `'replicaStart'` when a replica's process was spawned and
 * `'replicaEnd'` when it has exited, synchronously and for every replica (usage metering counts between them).
 */
export interface RevisionRuntimeEvents {
  change: [key: RevisionKey];
  replicaStart: [key: RevisionKey, replicaId: string, pid: number];
  replicaEnd: [key: RevisionKey, replicaId: string];
}

export class RevisionRuntime extends EventEmitter<RevisionRuntimeEvents> {
  private readonly host: string;
  private readonly drain: (replicaId: string, timeoutMs: number) => Promise<void>;
  private readonly log: RuntimeLogger;
  private readonly backoffOptions: BackoffOptions;
  private readonly logStore: LogStore;
  private readonly revisions = new Map<RevisionKey, RevisionEntry>();
  /** Stops in progress per revision, including those of removed revisions and replaced specs. */
  private readonly stopping = new Map<RevisionKey, Set<Promise<void>>>();
  private readonly seqs = new Map<RevisionKey, number>();
  private readonly pendingChanges = new Set<RevisionKey>();
  private closed = false;

  constructor(options: RevisionRuntimeOptions) {
    super();
    this.host = options.host ?? '127.0.0.1';
    this.drain = options.drain ?? (async () => {});
    this.log = options.log ?? silent;
    this.backoffOptions = options.backoff ?? {};
    this.logStore = new LogStore({
      dir: options.logDir,
      ...(options.maxLogFileBytes ? { maxFileBytes: options.maxLogFileBytes } : {}),
      onFollowerError: (err) => this.log.warn('log follower failed', { err }),
    });
  }

  /** Declares `replicas` replicas of `rev`. A changed command, env, baseDir, workingDir or probe replaces them all. */
  ensure(rev: RuntimeRevision, replicas: number): void {
    if (this.closed) {
      this.log.warn('runtime stopped; ignoring ensure', { revision: rev.key });
      return;
    }
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new RangeError(`replicas must be a non-negative integer, was: ${replicas}`);
    }
    const fingerprint = specFingerprint(rev);
    let entry = this.revisions.get(rev.key);
    if (entry && entry.fingerprint !== fingerprint) {
      this.log.info('revision spec changed; replacing its replicas', { revision: rev.key });
      for (const replica of entry.replicas.values()) this.stopReplica(entry, replica);
      clearTimeout(entry.restartTimer);
      this.revisions.delete(rev.key);
      entry = undefined;
    }
    if (!entry) {
      entry = newEntry(rev, replicas, new Backoff(this.backoffOptions));
      this.revisions.set(rev.key, entry);
      this.changed(rev.key);
    }
    entry.rev = rev;
    if (entry.desired !== replicas) this.changed(rev.key);
    entry.desired = replicas;
    this.reconcile(entry);
  }

  /** Removes every replica of the revision gracefully; resolves when all have exited. */
  async remove(key: RevisionKey): Promise<void> {
    const entry = this.revisions.get(key);
    if (entry) {
      this.revisions.delete(key);
      clearTimeout(entry.restartTimer);
      for (const replica of entry.replicas.values()) this.stopReplica(entry, replica);
      this.changed(key);
    }
    while (this.stopping.get(key)?.size) await Promise.all(this.stopping.get(key)!);
    if (!this.revisions.has(key)) this.logStore.close(key);
  }

  /** Stops every revision (drain bound applies); later `ensure` calls are ignored. */
  async stopAll(): Promise<void> {
    this.closed = true;
    const keys = new Set([...this.revisions.keys(), ...this.stopping.keys()]);
    await Promise.all([...keys].map((key) => this.remove(key)));
    this.logStore.closeAll();
  }

  status(key: RevisionKey): RuntimeStatus | undefined {
    const entry = this.revisions.get(key);
    return entry ? entryStatus(entry) : undefined;
  }

  readyEndpoints(key: RevisionKey): ReplicaEndpoint[] {
    const entry = this.revisions.get(key);
    if (!entry) return [];
    return [...entry.replicas.values()]
      .filter((r) => r.ready)
      .map((r) => ({ id: r.id, revision: key, host: this.host, port: r.port }));
  }

  /**
   * The revision's log: every replica's stdout and stderr, one line each, prefixed `[<replica id>] `;
   * lines from the runtime itself (started, exited, killed) read `[<replica id>] ebb: ...`. Readable
   * after the revision is removed. `tail` limits it to the last lines.
   */
  logs(key: RevisionKey, opts: { tail?: number } = {}): string {
    return this.logStore.read(key, opts.tail);
  }

  /** Lines appended to the revision's log from now on (same format as `logs`). Returns the unsubscribe. */
  followLogs(key: RevisionKey, onLine: (line: string) => void): () => void {
    return this.logStore.follow(key, onLine);
  }

  /** Where the revision's log file is. */
  logPath(key: RevisionKey): string {
    return this.logStore.pathFor(key);
  }

  /** Starts or removes replicas toward `desired`, starting none before the crash backoff allows. */
  private reconcile(entry: RevisionEntry): void {
    const key = entry.rev.key;
    if (this.revisions.get(key) !== entry) return;
    const excess = entry.replicas.size - entry.desired;
    if (excess > 0) {
      for (const replica of scaleDownVictims(entry.replicas.values(), excess))
        this.stopReplica(entry, replica);
    } else if (excess < 0 && !entry.restartTimer) {
      const waitMs = entry.nextStartAt - Date.now();
      if (waitMs > 0) {
        entry.restartTimer = setTimeout(() => {
          entry.restartTimer = undefined;
          this.reconcile(entry);
        }, waitMs);
      } else {
        for (let i = 0; i < -excess; i++) this.startReplica(entry);
      }
    }
  }

  private startReplica(entry: RevisionEntry): void {
    const key = entry.rev.key;
    const seq = (this.seqs.get(key) ?? 0) + 1;
    this.seqs.set(key, seq);
    const replica = new Replica({
      id: `${key}#${seq}`,
      seq,
      revision: entry.rev,
      host: this.host,
      stableAfterMs: entry.backoff.resetAfterMs,
      hooks: this.hooks(entry),
    });
    entry.replicas.set(replica.id, replica);
    this.changed(key);
    this.log.debug('starting replica', { replica: replica.id });
    void replica.start();
  }

  /** Takes the replica out of the revision (and the ready set) and stops it gracefully in the background. */
  private stopReplica(entry: RevisionEntry, replica: Replica): void {
    const key = entry.rev.key;
    const rev = entry.rev;
    const wasServing = replica.state === 'ready' || replica.state === 'unready';
    entry.replicas.delete(replica.id);
    this.changed(key);
    const stop = replica
      .stop({
        drain: wasServing ? this.drain : undefined,
        drainTimeoutMs: (rev.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
        graceMs: (rev.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS) * 1000,
      })
      .catch((err) => this.log.error('stopping replica failed', { replica: replica.id, err }));
    let set = this.stopping.get(key);
    if (!set) {
      set = new Set();
      this.stopping.set(key, set);
    }
    const tracked = stop.finally(() => {
      set.delete(tracked);
      if (set.size === 0 && this.stopping.get(key) === set) this.stopping.delete(key);
      this.changed(key);
    });
    set.add(tracked);
  }

  private hooks(entry: RevisionEntry): ReplicaHooks {
    const key = entry.rev.key;
    const current = (replica: Replica) =>
      this.revisions.get(key) === entry && entry.replicas.get(replica.id) === replica;
    return {
      onOutput: (replica, lines) => {
        this.logStore.append(
          key,
          lines.map((line) => `[${replica.id}] ${line}`),
        );
      },
      onSpawn: (replica) => {
        this.emitSafely('replicaStart', key, replica.id, replica.pid!);
        if (!current(replica)) return;
        entry.startError = undefined;
        this.changed(key);
      },
      onStateChange: (replica) => {
        if (!current(replica)) return;
        if (replica.ready) entry.crashLooping = false;
        this.changed(key);
      },
      onStable: (replica) => {
        if (!current(replica)) return;
        entry.backoff.reset();
        entry.crashLooping = false;
        entry.lastTermination = undefined;
        this.changed(key);
      },
      onEnd: (replica, end) => {
        if (replica.pid !== undefined) this.emitSafely('replicaEnd', key, replica.id);
        if (!current(replica)) return;
        entry.replicas.delete(replica.id);
        if (!end.planned) this.recordCrash(entry, replica, end);
        this.changed(key);
        this.reconcile(entry);
      },
    };
  }

  /** A replica ended without being asked to: remember why and schedule its replacement after the backoff. */
  private recordCrash(entry: RevisionEntry, replica: Replica, end: ReplicaEnd): void {
    const now = Date.now();
    if (end.startError) entry.startError = end.startError;
    else {
      entry.lastTermination = {
        exitCode: end.exitCode,
        signal: end.signal,
        lastOutput: end.lastOutput,
        at: end.at,
      };
    }
    entry.restarts++;
    entry.crashLooping = true;
    if (end.uptimeMs >= entry.backoff.resetAfterMs) entry.backoff.reset();
    if (!entry.restartTimer && entry.nextStartAt <= now) entry.nextStartAt = now + entry.backoff.next();
    this.log.warn(end.livenessFailed ? 'replica failed its liveness probe' : 'replica ended unexpectedly', {
      replica: replica.id,
      ...(end.startError ? { error: end.startError } : { exitCode: end.exitCode, signal: end.signal }),
      restartInMs: Math.max(0, entry.nextStartAt - now),
    });
  }

  private emitSafely<E extends 'replicaStart' | 'replicaEnd'>(
    event: E,
    ...args: RevisionRuntimeEvents[E]
  ): void {
    try {
      (this.emit as (e: E, ...a: RevisionRuntimeEvents[E]) => boolean)(event, ...args);
    } catch (err) {
      this.log.error(`${event} listener failed`, { revision: args[0], err });
    }
  }

  /** Emits `'change'` for `key` once, after the current call stack. */
  private changed(key: RevisionKey): void {
    if (this.pendingChanges.has(key)) return;
    this.pendingChanges.add(key);
    queueMicrotask(() => {
      this.pendingChanges.delete(key);
      try {
        this.emit('change', key);
      } catch (err) {
        this.log.error('change listener failed', { revision: key, err });
      }
    });
  }
}
