/**
 * The handler contract against its reference: each handler here runs under Knative func's own Node runtime
 * (faas-js-runtime 3.0.2, a dev dependency) and under `ebb func serve`, and the same requests must get the
 * same status, content type, headers of interest and body. Where Ebb differs on purpose (a thrown error's
 * body names the error; faas-js-runtime's is the message alone) the test says so.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const EBB = join(REPO, 'dist', 'src', 'cli', 'main.js');
const FAAS = require.resolve('faas-js-runtime/bin/cli.js');

const HANDLERS: Record<string, string> = {
  'text.mjs': `export const handle = () => 'plain text';`,
  'object.mjs': `export const handle = () => ({ a: 1, b: [true] });`,
  'structured.mjs': `export const handle = () => ({ body: { made: true }, headers: { 'X-Custom': 'v' }, statusCode: 201 });`,
  'nothing.mjs': `export const handle = () => undefined;`,
  'echo.mjs': `export const handle = (context, body) => ({ body: { body: Buffer.isBuffer(body) ? 'buffer:' + body.toString('hex') : body ?? null, method: context.method, query: context.query } });`,
  'event.mjs': `import { CloudEvent, HTTP } from 'cloudevents';
export const handle = (context, event) => event
  ? new CloudEvent({ source: '/oracle', type: 'oracle.reply', id: 'r-1', data: { got: event.data, type: event.type } })
  : 'no event';`,
  'message.mjs': `import { CloudEvent, HTTP } from 'cloudevents';
export const handle = () => HTTP.binary(new CloudEvent({ source: '/oracle', type: 'oracle.message', id: 'm-1', data: 'hi' }));`,
  'function.mjs': `let ready = false;
export const init = () => { ready = true; };
export const handle = () => ({ ready });
export const readiness = () => 'ready!';`,
  'throws.mjs': `export const handle = () => { throw new TypeError('boom'); };`,
};

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(port: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/health/liveness`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nothing answers on ${port}`);
}

const CE_HEADERS = {
  'ce-specversion': '1.0',
  'ce-id': 'e-1',
  'ce-source': '/test',
  'ce-type': 'oracle.request',
};
const REQUESTS: Record<
  string,
  { method?: string; path?: string; headers?: Record<string, string>; body?: string }
> = {
  get: {},
  json: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":[1,2]}' },
  text: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' },
  form: {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'a=1&b=two',
  },
  bytes: { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'AB' },
  query: { path: '/?name=ebb&n=2' },
  event: {
    method: 'POST',
    headers: { ...CE_HEADERS, 'content-type': 'application/json' },
    body: '{"order":7}',
  },
  readiness: { path: '/health/readiness' },
};
const COMPARED = [
  'content-type',
  'x-custom',
  'ce-type',
  'ce-source',
  'ce-id',
  'ce-specversion',
  'access-control-allow-origin',
];

async function ask(port: number, name: string): Promise<Answer> {
  const r = REQUESTS[name]!;
  const res = await fetch(`http://127.0.0.1:${port}${r.path ?? '/'}`, {
    method: r.method ?? 'GET',
    headers: r.headers ?? {},
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
  const headers: Record<string, string> = {};
  for (const h of COMPARED) {
    const v = res.headers.get(h);
    if (v !== null) headers[h] = v;
  }
  return { status: res.status, headers, body: await res.text() };
}

describe('functions oracle: faas-js-runtime and ebb func serve answer alike', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebb-oracle-'));
  const children: ChildProcess[] = [];
  const ports: Record<string, { faas: number; ebb: number }> = {};

  before(async () => {
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    for (const [file, code] of Object.entries(HANDLERS)) {
      writeFileSync(join(dir, file), code);
      const faas = await freePort();
      const ebb = await freePort();
      const env = { ...process.env, FUNC_LOG_LEVEL: 'silent' };
      children.push(
        spawn(process.execPath, [FAAS, join(dir, file), '--port', String(faas)], {
          cwd: dir,
          env,
          stdio: 'ignore',
        }),
      );
      children.push(
        spawn(process.execPath, [EBB, 'func', 'serve', join(dir, file)], {
          cwd: dir,
          env: { ...env, PORT: String(ebb) },
          stdio: 'ignore',
        }),
      );
      ports[file] = { faas, ebb };
    }
    for (const { faas, ebb } of Object.values(ports)) await Promise.all([waitFor(faas), waitFor(ebb)]);
  });
  after(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  const cases: [string, string[]][] = [
    ['text.mjs', ['get']],
    ['object.mjs', ['get']],
    ['structured.mjs', ['get']],
    ['nothing.mjs', ['get']],
    ['echo.mjs', ['get', 'json', 'text', 'form', 'bytes', 'query']],
    ['event.mjs', ['event', 'get']],
    ['message.mjs', ['get']],
    ['function.mjs', ['get', 'readiness']],
  ];
  for (const [file, requests] of cases) {
    for (const request of requests) {
      it(`oracle - ${file} ${request}`, async () => {
        const { faas, ebb } = ports[file]!;
        const [expected, actual] = await Promise.all([ask(faas, request), ask(ebb, request)]);
        assert.deepEqual(actual, expected);
      });
    }
  }

  it('oracle - a thrown error is a 500 in both; Ebb’s body also names the error', async () => {
    const { faas, ebb } = ports['throws.mjs']!;
    const [expected, actual] = await Promise.all([ask(faas, 'get'), ask(ebb, 'get')]);
    assert.equal(actual.status, 500);
    assert.equal(expected.status, 500);
    assert.equal(expected.body, 'boom');
    assert.equal(actual.body, 'TypeError: boom');
  });
});
