/**
 * What the runtime keeps per revision: the spec it runs, the desired count, its live replicas and its
 * crash state; plus the pure rules over it (when a spec change replaces replicas, which replicas go
 * first on scale-down).
 */
import type { RevisionRuntimeStatus, RuntimeRevision, TerminationInfo } from '../types.js';
import type { Backoff } from './backoff.js';
import type { Replica, ReplicaState } from './replica.js';

export interface ReplicaInfo {
  id: string;
  state: ReplicaState;
  pid?: number;
  port: number;
  startedAt: string;
}

/** `RevisionRuntimeStatus` plus detail for the dashboard and tests. */
export interface RuntimeStatus extends RevisionRuntimeStatus {
  /** Replicas replaced after a crash, start error or liveness failure. */
  restarts: number;
  /** The delay before the pending (or last) restart attempt while crash-looping; 0 otherwise. */
  backoffMs: number;
  replicas: ReplicaInfo[];
}

export interface RevisionEntry {
  rev: RuntimeRevision;
  fingerprint: string;
  desired: number;
  /** Replicas that count toward `desired`: starting, ready, unready, and ones restarting after a liveness failure. */
  replicas: Map<string, Replica>;
  backoff: Backoff;
  /** No replica starts before this time (epoch ms); set after a crash. */
  nextStartAt: number;
  restartTimer: NodeJS.Timeout | undefined;
  crashLooping: boolean;
  lastTermination: TerminationInfo | undefined;
  startError: string | undefined;
  restarts: number;
}

export function newEntry(rev: RuntimeRevision, desired: number, backoff: Backoff): RevisionEntry {
  return {
    rev,
    fingerprint: specFingerprint(rev),
    desired,
    replicas: new Map(),
    backoff,
    nextStartAt: 0,
    restartTimer: undefined,
    crashLooping: false,
    lastTermination: undefined,
    startError: undefined,
    restarts: 0,
  };
}

/**
 * The parts of a revision whose change needs new processes. Timeouts and the grace period apply to the
 * running replicas as they are.
 */
export function specFingerprint(rev: RuntimeRevision): string {
  return JSON.stringify([
    rev.command,
    rev.baseDir ?? '',
    rev.workingDir ?? '',
    Object.entries(rev.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    rev.readinessProbe ?? null,
    rev.defaultReadiness ?? 'tcp',
    rev.livenessProbe ?? null,
  ]);
}

/** The `count` replicas to remove first: not-ready ones before ready ones, newest first within each. */
export function scaleDownVictims(replicas: Iterable<Replica>, count: number): Replica[] {
  if (count <= 0) return [];
  return [...replicas]
    .filter((r) => r.state !== 'stopping')
    .sort((a, b) => Number(a.ready) - Number(b.ready) || b.seq - a.seq)
    .slice(0, count);
}

export function entryStatus(entry: RevisionEntry): RuntimeStatus {
  const replicas = [...entry.replicas.values()];
  return {
    desired: entry.desired,
    actual: replicas.filter((r) => r.state !== 'stopping').length,
    ready: replicas.filter((r) => r.ready).length,
    ...(entry.lastTermination ? { lastTermination: entry.lastTermination } : {}),
    crashLooping: entry.crashLooping,
    ...(entry.startError ? { startError: entry.startError } : {}),
    restarts: entry.restarts,
    backoffMs: entry.crashLooping ? entry.backoff.current : 0,
    replicas: replicas.map((r) => ({
      id: r.id,
      state: r.state,
      ...(r.pid !== undefined ? { pid: r.pid } : {}),
      port: r.port,
      startedAt: new Date(r.createdAt).toISOString(),
    })),
  };
}
