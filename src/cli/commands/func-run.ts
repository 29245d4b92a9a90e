/**
 * `ebb func run [DIR] [--port P]`: serves a function folder on this machine without the platform — Ebb's
 * own `ebb func serve <handler>` as a child process in the folder, with func.yaml's plain and `{{ env:X }}`
 * variables, on `--port`, else `$PORT`, else 8080. Prints the URL once the readiness endpoint answers;
 * SIGINT/SIGTERM stop the function (it drains and runs `shutdown()`), and the exit code is the function's.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { action, err, out } from '../command.js';
import { localEnv } from '../func/env.js';
import { readProject } from '../func/project.js';
import { READINESS_PATH } from '../func/service.js';
import { parsePort } from './up.js';

/** The CLI the child runs: this build's main.js (dist/src/cli/commands → dist/src/cli). */
export const CLI_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
export const DEFAULT_FUNC_PORT = 8080;
const READY_POLL_MS = 100;

interface RunFlags {
  port?: string;
}

export function registerFuncRun(func: Command): void {
  func
    .command('run')
    .description('Serve a function folder locally, without the platform (Ctrl+C stops it)')
    .argument('[dir]', "the function's folder", '.')
    .option('-p, --port <port>', `port to listen on (default: $PORT, else ${DEFAULT_FUNC_PORT})`)
    .action(action((dir: string, flags: RunFlags) => run(dir, flags)));
}

async function run(dir: string, flags: RunFlags): Promise<number> {
  const project = readProject(dir);
  const port = parsePort(
    flags.port ?? process.env.PORT ?? String(DEFAULT_FUNC_PORT),
    flags.port ? '--port' : '$PORT',
  );
  const { env, skipped } = localEnv(project.envs);
  for (const line of skipped) err(`warning: ${line}`);
  const child = spawn(process.execPath, [CLI_MAIN, 'func', 'serve', project.handler], {
    cwd: project.dir,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.once('error', (e) => {
      err(`error: cannot start the function: ${e.message}`);
      resolve(1);
    });
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const host =
    process.env.FUNC_HOST && process.env.FUNC_HOST !== '0.0.0.0' ? process.env.FUNC_HOST : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const ready = await Promise.race([
    untilReady(`${url}${READINESS_PATH}`, () => child.exitCode !== null),
    exited.then(() => false),
  ]);
  if (ready && !stopping) out(`Function ${project.name} is running at ${url}/ (Ctrl+C stops it)`);
  const code = await exited;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (code !== 0 && !stopping) err(`error: function ${project.name} exited with code ${code}`);
  return stopping && code === 0 ? 0 : code;
}

async function untilReady(url: string, gone: () => boolean): Promise<boolean> {
  while (!gone()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(READY_POLL_MS);
  }
  return false;
}
