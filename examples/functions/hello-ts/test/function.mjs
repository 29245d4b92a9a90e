// Starts this function with Ebb for the tests (`ebb func run` on a free port) and stops it after.
// Ebb is found at $EBB_CLI (its dist/src/cli/main.js, or an `ebb` executable), else installed in a
// node_modules above this folder, else in an Ebb checkout above it, else as `ebb` on the PATH, else
// through `npx --no ebb` (a copy npx already has).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const START_TIMEOUT_MS = 30_000;

/** Serves the function in `dir` (default: this project) and resolves once it is ready. */
export async function startFunction(dir = fileURLToPath(new URL('..', import.meta.url))) {
  const port = await freePort();
  const [command, ...args] = ebbCommand(dir);
  const child = spawn(command, [...args, 'func', 'run', dir], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('close', resolve));
  let spawnError;
  child.once('error', (err) => (spawnError = err));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (spawnError)
      throw new Error(`cannot run Ebb (${command}): ${spawnError.message}; set EBB_CLI to Ebb's dist/src/cli/main.js, or install ebb`);
    if (child.exitCode !== null) throw new Error(`the function exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/health/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the function was not ready within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await sleep(100);
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function ebbCommand(dir) {
  const given = process.env.EBB_CLI;
  if (given) return /\.[cm]?js$/.test(given) ? [process.execPath, given] : [given];
  for (let d = dir; ; d = dirname(d)) {
    const installed = join(d, 'node_modules', 'ebb', 'dist', 'src', 'cli', 'main.js');
    if (existsSync(installed)) return [process.execPath, installed];
    const checkout = join(d, 'dist', 'src', 'cli', 'main.js');
    if (existsSync(checkout) && isEbb(join(d, 'package.json'))) return [process.execPath, checkout];
    if (dirname(d) === d) break;
  }
  const onPath = (process.env.PATH ?? '').split(delimiter).some((p) => p && existsSync(join(p, 'ebb')));
  return onPath ? ['ebb'] : ['npx', '--no', 'ebb'];
}

function isEbb(packageJson) {
  try {
    return JSON.parse(readFileSync(packageJson, 'utf8')).name === 'ebb';
  } catch {
    return false;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
