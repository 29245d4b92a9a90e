/**
 * Test harness for the runtime's tests: a runtime on a temporary log directory that is stopped after the
 * test, revisions that run the fixture server (testdata/server.mjs, read from the source tree because the
 * build does not copy it), and waits on status.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RuntimeRevision } from '../../types.js';
import type { RuntimeStatus } from '../revision-entry.js';
import { RevisionRuntime, type RevisionRuntimeOptions } from '../runtime.js';

/** dist/src/serving/runtime/testdata/harness.js → src/serving/runtime/testdata/server.mjs */
export const SERVER = fileURLToPath(
  new URL('../../../../../src/serving/runtime/testdata/server.mjs', import.meta.url),
);

export function newRuntime(t: TestContext, options: Partial<RevisionRuntimeOptions> = {}): RevisionRuntime {
  const logDir = mkdtempSync(join(tmpdir(), 'ebb-runtime-'));
  const runtime = new RevisionRuntime({ logDir, ...options });
  t.after(async () => {
    await runtime.stopAll();
    rmSync(logDir, { recursive: true, force: true });
  });
  return runtime;
}

let counter = 0;

/** A revision running the fixture server with `env`; unique name per call. */
export function serverRevision(env: Record<string, string> = {}, overrides: Partial<RuntimeRevision> = {}) {
  const name = `hello-${String(++counter).padStart(5, '0')}`;
  const rev: RuntimeRevision = {
    key: `default/${name}`,
    namespace: 'default',
    name,
    command: [process.execPath, SERVER],
    env,
    timeoutSeconds: 2,
    terminationGracePeriodSeconds: 2,
    ...overrides,
  };
  return rev;
}

/** Polls `status(key)` until `check` holds; fails with the last status after `timeoutMs`. */
export async function waitForStatus(
  runtime: RevisionRuntime,
  key: string,
  check: (s: RuntimeStatus) => boolean,
  timeoutMs = 5_000,
): Promise<RuntimeStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = runtime.status(key);
    if (status && check(status)) return status;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms; status: ${JSON.stringify(status, null, 1)}`);
    }
    await sleep(10);
  }
}

export async function waitUntil(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True while a process exists and is not a zombie (an orphan's zombie may wait for a lazy init). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return !existsSync('/proc/self');
  }
}

/** One GET on a fresh connection (no keep-alive socket outlives the replica). */
export function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
