/**
 * One run of a Job's pod: a local process to completion. Its files (the event, Secret and ConfigMap
 * volumes) are written into a private work folder just before the spawn and removed when it ends, so event
 * data sits on disk only while a job runs. The process leads its own process group (registered with the
 * platform's, so it never outlives `ebb up`); stopping sends SIGTERM to the group and SIGKILL after the
 * grace period. Output goes to `onOutput` line by line; the last lines are kept for the exit record.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { localCommand } from '../../serving/runtime/command.js';
import { baseEnv } from '../../serving/runtime/env.js';
import { LineRing, LineSplitter } from '../../serving/runtime/lines.js';
import { registerGroup, signalGroup, unregisterGroup } from '../../serving/runtime/process-group.js';
import { describeSpawnError } from '../../serving/runtime/replica.js';

/** Lines of output kept for the exit record. */
export const LAST_OUTPUT_LINES = 20;
/** After the process exits, how long its pipes may stay open (a grandchild holding them) before cut. */
const PIPE_CLOSE_WAIT_MS = 1_000;

export interface JobProcessSpec {
  /** argv[0] and arguments; `ebb` is Ebb's CLI. */
  command: string[];
  /** The container's environment (the runner adds PATH, HOME and the like from the platform's). */
  env: Record<string, string>;
  cwd: string;
  /** A folder of the run's own, created (0700) before the start and removed after the exit. */
  workDir: string;
  /** Files to write (0600) before the start, inside `workDir`. */
  files: { path: string; content: Buffer }[];
  /** Empty folders to create before the start, inside `workDir`. */
  dirs: string[];
  /** SIGTERM → SIGKILL grace when the run is stopped. */
  graceMs: number;
}

export interface RunEnd {
  exitCode: number | null;
  signal: string | null;
  /** Why the process could not be started, when it could not. */
  startError?: string;
  lastOutput: string;
  finishedAt: string;
}

export interface RunHooks {
  onOutput(lines: string[]): void;
  onEnd(end: RunEnd): void;
}

export class JobRun {
  readonly startedAt = new Date().toISOString();
  pid: number | undefined;
  private readonly ring = new LineRing(LAST_OUTPUT_LINES);
  private ended = false;
  private exit: { code: number | null; signal: string | null } = { code: null, signal: null };
  private readonly exited: Promise<void>;
  private resolveExited!: () => void;

  constructor(
    private readonly spec: JobProcessSpec,
    private readonly hooks: RunHooks,
  ) {
    this.exited = new Promise((r) => {
      this.resolveExited = r;
    });
  }

  start(): void {
    const { spec } = this;
    try {
      prepare(spec);
    } catch (err) {
      this.finish(`cannot prepare the job's files: ${(err as Error).message}`);
      return;
    }
    if (!existsSync(spec.cwd) || !statSync(spec.cwd).isDirectory()) {
      this.finish(`working directory ${spec.cwd} is not a directory`);
      return;
    }
    const [command, ...args] = localCommand(spec.command);
    if (!command) {
      this.finish('no command to run');
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: spec.cwd,
        env: { ...baseEnv(), ...spec.env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      this.finish(describeSpawnError(command, err as Error));
      return;
    }
    child.once('error', (err) => {
      if (child.pid === undefined) this.finish(describeSpawnError(command, err));
    });
    if (child.pid === undefined) return;
    this.pid = child.pid;
    registerGroup(child.pid);
    for (const stream of [child.stdout!, child.stderr!]) {
      const splitter = new LineSplitter();
      stream.on('data', (chunk: Buffer) => this.output(splitter.push(chunk)));
      stream.on('end', () => this.output(splitter.flush()));
    }
    child.once('exit', (code, signal) => {
      this.exit = { code, signal };
      signalGroup(child.pid!, 'SIGKILL');
      unregisterGroup(child.pid!);
      const wait = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        this.finish();
      }, PIPE_CLOSE_WAIT_MS);
      wait.unref();
    });
    child.once('close', () => this.finish());
  }

  /** SIGTERM to the group, SIGKILL after the grace period; resolves once the run has ended. */
  async stop(): Promise<void> {
    if (this.ended) return;
    if (this.pid === undefined) return this.finish('stopped before it started');
    signalGroup(this.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (!this.ended && this.pid !== undefined) signalGroup(this.pid, 'SIGKILL');
    }, this.spec.graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private output(lines: string[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.ring.push(line);
    this.hooks.onOutput(lines);
  }

  private finish(startError?: string): void {
    if (this.ended) return;
    this.ended = true;
    rmSync(this.spec.workDir, { recursive: true, force: true });
    this.resolveExited();
    this.hooks.onEnd({
      exitCode: this.exit.code,
      signal: this.exit.signal,
      ...(startError ? { startError } : {}),
      lastOutput: this.ring.last(),
      finishedAt: new Date().toISOString(),
    });
  }
}

function prepare(spec: JobProcessSpec): void {
  rmSync(spec.workDir, { recursive: true, force: true });
  mkdirSync(spec.workDir, { recursive: true, mode: 0o700 });
  for (const dir of spec.dirs) mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const file of spec.files) {
    mkdirSync(dirname(file.path), { recursive: true, mode: 0o700 });
    writeFileSync(file.path, file.content, { mode: 0o600 });
  }
}
