/**
 * JVM child processes of a local RocketMQ: spawn with output to a log file (never a pipe, so a JVM never
 * blocks on a reader that went away), wait for readiness (a start-up log line and open ports), and stop by
 * PID (SIGTERM, then SIGKILL after a grace period). Stopping by PID checks `/proc/<pid>/cmdline` first, so
 * a PID reused by another program after a crash is never signalled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const POLL_MS = 100;

export interface SpawnJvmOptions {
  java: string;
  args: string[];
  cwd: string;
  outFile: string;
  /** Own process group and not waited for by this process, so it outlives it (for `up`). */
  detached: boolean;
}

export function spawnJvm(o: SpawnJvmOptions): ChildProcess {
  const fd = openSync(o.outFile, 'a');
  try {
    const child = spawn(o.java, o.args, {
      cwd: o.cwd,
      stdio: ['ignore', fd, fd],
      detached: o.detached,
      env: { ...process.env, ROCKETMQ_HOME: o.cwd },
    });
    if (o.detached) child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}

/** True while `pid` runs (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * True if `pid` is a JVM of the local RocketMQ in `dataDir` (its command line names the data dir as
 * `user.home`). Where `/proc` is missing, any live PID counts.
 */
export function isOurs(pid: number, dataDir: string): boolean {
  if (!isAlive(pid)) return false;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(`-Duser.home=${dataDir}`);
  } catch {
    return false;
  }
}

/** PIDs of every running JVM whose command line names `dataDir` as `user.home` (Linux only). */
export function ourJvmPids(dataDir: string): number[] {
  if (!existsSync('/proc/self/cmdline')) return [];
  const out: number[] = [];
  for (const name of safeReaddir('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0 && isOurs(pid, dataDir)) out.push(pid);
  }
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL and wait until the process is gone. */
export async function stopPid(pid: number, graceMs = 20_000): Promise<void> {
  if (!isAlive(pid)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(POLL_MS);
  if (!isAlive(pid)) return;
  signal(pid, 'SIGKILL');
  const killDeadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(POLL_MS);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface WaitReadyOptions {
  what: string;
  pid: number;
  outFile: string;
  /** The start-up line in `outFile` that says the process is up. */
  line: RegExp;
  ports: number[];
  timeoutMs: number;
}

/** Resolves when the line is logged and every port accepts; rejects with a reason if the JVM exits or time runs out. */
export async function waitReady(o: WaitReadyOptions): Promise<void> {
  const deadline = Date.now() + o.timeoutMs;
  for (;;) {
    if (!isAlive(o.pid)) throw new Error(`${o.what} (pid ${o.pid}) exited during start-up`);
    if (o.line.test(readText(o.outFile))) {
      const open = await Promise.all(o.ports.map((p) => portOpen(p)));
      if (open.every(Boolean)) return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${o.what} (pid ${o.pid}) not ready after ${o.timeoutMs / 1000} s: waiting for ${o.line} in ${o.outFile} and ports ${o.ports.join(', ')}`,
      );
    }
    await sleep(POLL_MS);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The last `lines` lines of each existing file, headed by its name, for error messages. */
export function logTails(files: string[], lines = 30): string {
  const parts: string[] = [];
  for (const file of files) {
    if (!existsSync(file) || statSync(file).size === 0) continue;
    const text = readText(file).trimEnd().split('\n').slice(-lines).join('\n');
    parts.push(`--- ${file} (last ${lines} lines) ---\n${text}`);
  }
  return parts.join('\n');
}

/** RocketMQ's own log files worth showing when something fails. */
export function rocketmqLogFiles(rocketmqLogDir: string): string[] {
  return ['namesrv.log', 'broker.log', 'proxy.log', 'broker_default.log'].map((f) => join(rocketmqLogDir, f));
}
