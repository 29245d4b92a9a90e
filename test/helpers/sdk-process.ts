/**
 * Child processes for the SDK interop tests: a subscriber that prints "listening on PORT" and then one
 * JSON line per event it received, a sender that reads event specs on stdin and prints one JSON line per
 * event sent, and the cache folder (~/.cache/ebb/interop, or $EBB_INTEROP_CACHE) where SDKs are installed.
 * Every child is stopped by its own PID (and killed when the test process exits).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const START_TIMEOUT_MS = 20_000;
const SEND_TIMEOUT_MS = 60_000;

export const interopCache = (...parts: string[]): string =>
  join(process.env.EBB_INTEROP_CACHE ?? join(homedir(), '.cache', 'ebb', 'interop'), ...parts);

/** The first of `names` found on PATH (or in `extra` folders) that runs with `versionArgs`, or undefined. */
export function findTool(names: string[], versionArgs: string[], extra: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extra].filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (existsSync(path) && spawnSync(path, versionArgs, { stdio: 'ignore' }).status === 0) return path;
    }
  }
  return undefined;
}

const children = new Set<ChildProcess>();
let hooked = false;
function track(child: ChildProcess): void {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const c of children)
        if (c.pid !== undefined && c.exitCode === null) process.kill(c.pid, 'SIGKILL');
    });
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Runs a command to completion (an install or build step); rejects with its output when it fails. */
export function run(command: string, args: string[], env: Record<string, string> = {}, cwd?: string) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', (e) => reject(new Error(`${command} could not be run: ${e.message}`)));
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

export interface LineSubscriber<T> {
  url: string;
  pid: number;
  received: T[];
  output(): string;
  stop(): Promise<void>;
}

/** Starts a subscriber process and collects the JSON lines it prints after "listening on PORT". */
export function startLineSubscriber<T>(command: string, args: string[]): Promise<LineSubscriber<T>> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const received: T[] = [];
  let output = '';
  let pending = '';
  let port: number | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail('did not print "listening on PORT"'), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
      reject(new Error(`${command} ${why}; output:\n${output}`));
    };
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stdout!.on('data', (c: Buffer) => {
      const chunk = c.toString('utf8');
      output += chunk;
      pending += chunk;
      let nl = pending.indexOf('\n');
      for (; nl !== -1; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (port === undefined) {
          const m = /^listening on (\d+)$/.exec(line);
          if (!m) continue;
          port = Number(m[1]);
          clearTimeout(timer);
          resolve({ url: `http://127.0.0.1:${port}`, pid: child.pid!, received, output: () => output, stop });
        } else if (line.startsWith('{')) received.push(JSON.parse(line) as T);
      }
    });
    child.once('error', (e) => fail(`could not be started (${e.message})`));
    child.once('exit', (code) => port === undefined && fail(`exited early with ${code}`));
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid!, 'SIGTERM');
      await exited;
    };
  });
}

/** Runs a sender with `input` on stdin and resolves with the JSON lines it printed. */
export function runLineSender<T>(command: string, args: string[], input: unknown): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      process.kill(child.pid!, 'SIGKILL');
      reject(new Error(`${command} did not finish within ${SEND_TIMEOUT_MS} ms:\n${stdout}${stderr}`));
    }, SEND_TIMEOUT_MS);
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', (e) => reject(e));
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0)
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`));
      else
        resolve(
          stdout
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as T),
        );
    });
    child.stdin!.end(JSON.stringify(input));
  });
}
