/**
 * One replica: a child process serving HTTP on `$PORT`, its probes, and its graceful stop.
 *
 * Life: `starting` (port picked, process spawned, readiness not yet passed) → `ready` ⇄ `unready`
 * (readiness flips) → `stopping` (asked to stop, or liveness failed) → `exited`. Without a readiness probe
 * and with `defaultReadiness: 'started'`, a replica is ready as soon as its process is spawned. The replica
 * reports through hooks; the runtime decides what an end means (a planned stop, or a crash to back off from).
 *
 * The process leads its own process group (see process-group.ts). When the leader exits, whatever is
 * left of its group is SIGKILLed, as a container's processes die with its main process.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import type { RuntimeRevision, TerminationInfo } from '../types.js';
import { localCommand } from './command.js';
import { notADirectory, replicaCwd } from './cwd.js';
import { replicaEnv } from './env.js';
import { LineRing, LineSplitter } from './lines.js';
import { freePort } from './ports.js';
import { Prober } from './prober.js';
import type { ProbeTarget } from './probes.js';
import { registerGroup, signalGroup, unregisterGroup } from './process-group.js';

/** Kubernetes' default `terminationGracePeriodSeconds`. */
export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;
/** Lines kept in memory per replica; the last `LAST_OUTPUT_LINES` go into `TerminationInfo`. */
export const OUTPUT_RING_LINES = 50;
export const LAST_OUTPUT_LINES = 20;
/** After the process exits, how long to wait for its output pipes to close (a daemonised grandchild may hold them). */
const PIPE_CLOSE_WAIT_MS = 1_000;

export type ReplicaState = 'starting' | 'ready' | 'unready' | 'stopping' | 'exited';

export interface ReplicaEnd extends TerminationInfo {
  /** True when the runtime asked for the stop; false for crashes, start errors and liveness restarts. */
  planned: boolean;
  /** Set when the process could not be started at all. */
  startError?: string;
  /** True when the replica was killed because its liveness probe failed. */
  livenessFailed: boolean;
  uptimeMs: number;
}

export interface ReplicaHooks {
  /** Lines of the process's output (stdout and stderr), or a runtime note about the replica. */
  onOutput(replica: Replica, lines: string[]): void;
  /** The process was spawned. */
  onSpawn(replica: Replica): void;
  /** State moved between starting/ready/unready/stopping. */
  onStateChange(replica: Replica): void;
  /** The replica stayed up for `stableAfterMs`. */
  onStable(replica: Replica): void;
  onEnd(replica: Replica, end: ReplicaEnd): void;
}

export interface ReplicaOptions {
  id: string;
  /** Ordinal within the revision, for picking the newest. */
  seq: number;
  revision: RuntimeRevision;
  host: string;
  stableAfterMs: number;
  hooks: ReplicaHooks;
}

export interface StopOptions {
  /** Resolves when the replica has no requests in flight; skipped when absent. */
  drain?: ((replicaId: string, timeoutMs: number) => Promise<void>) | undefined;
  drainTimeoutMs: number;
  graceMs: number;
}

export class Replica {
  readonly id: string;
  readonly seq: number;
  state: ReplicaState = 'starting';
  port = 0;
  pid: number | undefined;
  readonly createdAt = Date.now();
  private readonly ring = new LineRing(OUTPUT_RING_LINES);
  private readonly probers: Prober[] = [];
  private child: ChildProcess | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private stopRequested = false;
  private livenessFailed = false;
  private ended = false;
  private exit: { code: number | null; signal: string | null } = { code: null, signal: null };
  private readonly exited: Promise<void>;
  private resolveExited!: () => void;

  constructor(private readonly options: ReplicaOptions) {
    this.id = options.id;
    this.seq = options.seq;
    this.exited = new Promise((r) => {
      this.resolveExited = r;
    });
  }

  /** Picks a port and spawns the process; failures end the replica with `startError`. */
  async start(): Promise<void> {
    const rev = this.options.revision;
    try {
      this.port = await freePort(this.options.host);
    } catch (err) {
      return this.finish(`cannot pick a port: ${(err as Error).message}`);
    }
    if (this.stopRequested) return this.finish();
    const cwd = replicaCwd(rev);
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) return this.finish(notADirectory(rev, cwd));
    const [command, ...args] = localCommand(rev.command);
    if (!command) return this.finish('no command to run');
    const env = replicaEnv(rev.env, this.port);
    let child: ChildProcess;
    try {
      child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      return this.finish(describeSpawnError(command, err as Error));
    }
    this.child = child;
    child.once('error', (err) => {
      if (child.pid === undefined) this.finish(describeSpawnError(command, err));
    });
    if (child.pid === undefined) return;
    this.pid = child.pid;
    registerGroup(child.pid);
    this.note(`started pid ${child.pid} on port ${this.port}`);
    this.options.hooks.onSpawn(this);
    for (const stream of [child.stdout!, child.stderr!]) {
      const splitter = new LineSplitter();
      stream.on('data', (chunk: Buffer) => this.output(splitter.push(chunk)));
      stream.on('end', () => this.output(splitter.flush()));
    }
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    child.once('close', () => this.finish());
    const target: ProbeTarget = { host: this.options.host, port: this.port, env, cwd };
    if (!rev.readinessProbe && rev.defaultReadiness === 'started') this.onReady(true);
    else {
      this.probers.push(
        new Prober({
          mode: 'readiness',
          probe: rev.readinessProbe,
          target,
          onChange: (ok) => this.onReady(ok),
        }),
      );
    }
    if (rev.livenessProbe) {
      this.probers.push(
        new Prober({
          mode: 'liveness',
          probe: rev.livenessProbe,
          target,
          onChange: () => this.onLivenessFailed(),
        }),
      );
    }
    for (const prober of this.probers) prober.start();
    this.stableTimer = setTimeout(() => this.options.hooks.onStable(this), this.options.stableAfterMs);
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /** The last lines the process wrote. */
  lastOutput(lines = LAST_OUTPUT_LINES): string {
    return this.ring.last(lines);
  }

  /**
   * Leaves the ready set, waits for `drain` (bounded by `drainTimeoutMs`), sends SIGTERM, and SIGKILL
   * after `graceMs`. Resolves once the process has exited.
   */
  stop(options: StopOptions): Promise<void> {
    this.stopping ??= this.terminate(options);
    return this.stopping;
  }

  private async terminate({ drain, drainTimeoutMs, graceMs }: StopOptions): Promise<void> {
    this.stopRequested = true;
    this.stopProbers();
    if (this.ended) return;
    this.setState('stopping');
    if (!this.child || this.pid === undefined) return this.exited;
    if (drain) {
      // Let the 'change' for leaving the ready set reach the router before it starts counting in-flight.
      await new Promise((r) => setImmediate(r));
      const drained = Promise.resolve().then(() => drain(this.id, drainTimeoutMs));
      await bounded(drained, drainTimeoutMs).catch((err) =>
        this.note(`drain failed: ${(err as Error).message}`),
      );
    }
    if (this.ended) return;
    this.signal('SIGTERM');
    const exitedInGrace = await bounded(
      this.exited.then(() => true),
      graceMs,
    );
    if (exitedInGrace) return;
    this.note(`still running ${graceMs} ms after SIGTERM; sending SIGKILL`);
    this.signal('SIGKILL');
    return this.exited;
  }

  private onReady(ok: boolean): void {
    if (this.state !== 'starting' && this.state !== 'ready' && this.state !== 'unready') return;
    this.setState(ok ? 'ready' : 'unready');
  }

  private onLivenessFailed(): void {
    if (this.stopRequested) return;
    this.livenessFailed = true;
    this.note('liveness probe failed; restarting');
    const graceSeconds =
      this.options.revision.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS;
    void this.stop({ drainTimeoutMs: 0, graceMs: graceSeconds * 1000 });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.exit = { code, signal };
    const pid = child.pid!;
    signalGroup(pid, 'SIGKILL');
    unregisterGroup(pid);
    this.note(signal ? `exited on ${signal}` : `exited with code ${code}`);
    const wait = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      this.finish();
    }, PIPE_CLOSE_WAIT_MS);
    wait.unref();
  }

  private finish(startError?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.stopProbers();
    clearTimeout(this.stableTimer);
    if (startError) this.note(`start failed: ${startError}`);
    this.state = 'exited';
    const end: ReplicaEnd = {
      exitCode: this.exit.code,
      signal: this.exit.signal,
      lastOutput: this.lastOutput(),
      at: new Date().toISOString(),
      planned: this.stopRequested && !this.livenessFailed,
      livenessFailed: this.livenessFailed,
      uptimeMs: Date.now() - this.createdAt,
      ...(startError ? { startError } : {}),
    };
    this.resolveExited();
    this.options.hooks.onEnd(this, end);
  }

  private setState(state: ReplicaState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.hooks.onStateChange(this);
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.pid === undefined || this.ended) return;
    try {
      signalGroup(this.pid, signal);
    } catch (err) {
      this.note(`cannot send ${signal}: ${(err as Error).message}`);
    }
  }

  private stopProbers(): void {
    for (const prober of this.probers) prober.stop();
  }

  private output(lines: string[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.ring.push(line);
    this.options.hooks.onOutput(this, lines);
  }

  private note(text: string): void {
    this.options.hooks.onOutput(this, [`ebb: ${text}`]);
  }
}

/** `command "foo" not found (ENOENT)` and friends: what a user can act on. */
export function describeSpawnError(command: string, err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `command "${command}" not found (ENOENT)`;
  if (code === 'EACCES') return `command "${command}" is not executable (EACCES)`;
  return `cannot start command "${command}": ${err.message}${code ? ` (${code})` : ''}`;
}

/** Resolves with `promise`'s value, or `undefined` after `ms`. */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
