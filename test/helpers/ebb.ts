/**
 * End-to-end test harness: starts `ebb up` as a child process on free ports and runs the built CLI, so a
 * test reads as the user's scenario. Paths are found from this compiled file (dist/test/helpers/ebb.js).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: dist/test/helpers → ../../.. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const CLI_PATH = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;
const CLI_TIMEOUT_MS = 60_000;
/** Output kept per process; older output is dropped from the front. */
const MAX_OUTPUT_CHARS = 1_000_000;

export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

/** `<repo>/../shared/data/...`, or undefined when that path does not exist. */
export function sharedDataPath(...parts: string[]): string | undefined {
  const path = join(REPO_ROOT, '..', 'shared', 'data', ...parts);
  return existsSync(path) ? path : undefined;
}

const tmpDirs = new Set<string>();
const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of children) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** A fresh temporary directory, removed when the test process exits. */
export function tmpDataDir(prefix = 'ebb-test-'): string {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tmpDirs.add(dir);
  return dir;
}

export interface StartOptions {
  dataDir?: string;
  env?: Record<string, string>;
  /** Extra arguments after `up --data-dir ... --api-port 0 --ingress-port 0`. */
  args?: string[];
  /** The folder `ebb up` runs in. @defaultValue the repository root */
  cwd?: string;
}

export interface EbbProcess {
  apiUrl: string;
  ingressUrl: string;
  dataDir: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (bounded). */
  output(): string;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

export function startEbb(opts: StartOptions = {}): Promise<EbbProcess> {
  installExitHook();
  const dataDir = opts.dataDir ?? tmpDataDir();
  const args = [
    CLI_PATH,
    'up',
    '--data-dir',
    dataDir,
    '--api-port',
    '0',
    '--ingress-port',
    '0',
    ...(opts.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  let stdoutText = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS);
  };
  const exited = new Promise<number | null>((res) => {
    child.once('exit', (code) => {
      children.delete(child);
      res(code);
    });
  });
  child.stderr!.on('data', append);

  return new Promise<EbbProcess>((resolvePromise, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`ebb up ${why}; output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    child.once('error', (e) => fail(`could not be spawned (${e.message})`));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    child.stdout!.on('data', (chunk: Buffer) => {
      append(chunk);
      if (settled) return;
      stdoutText += chunk.toString('utf8');
      const apiUrl = /^\s*API:\s+(\S+)\s*$/m.exec(stdoutText)?.[1];
      const ingressUrl = /^\s*Ingress:\s+(\S+)\s*$/m.exec(stdoutText)?.[1];
      if (!apiUrl || !ingressUrl) return;
      settled = true;
      clearTimeout(timer);
      stdoutText = '';
      const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
        child.kill(signal);
        const forced = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        const code = await exited;
        clearTimeout(forced);
        return code;
      };
      const kill = async () => {
        if (child.exitCode === null && child.signalCode === null) {
          process.kill(child.pid!, 'SIGKILL');
          await exited;
        }
      };
      resolvePromise({
        apiUrl,
        ingressUrl,
        dataDir,
        pid: child.pid!,
        child,
        output: () => output,
        stop,
        kill,
      });
    });
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** API URL, passed as EBB_SERVER. */
  server: string;
  /** Written to the CLI's stdin (stdin is closed either way). */
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** The folder the CLI runs in. @defaultValue the repository root */
  cwd?: string;
}

/** Runs the built CLI with `args` and resolves with its exit code and output. */
export function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  installExitHook();
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, EBB_SERVER: opts.server, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin!.on('error', () => {});
  child.stdin!.end(opts.input ?? '');
  return new Promise<CliResult>((res, reject) => {
    const timeoutMs = opts.timeoutMs ?? CLI_TIMEOUT_MS;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `ebb ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      res({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
