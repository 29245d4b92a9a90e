import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RevisionTrafficConfig } from '../types.js';
import { Router } from './router.js';
import { type ReplicaHandler, route, send, startIngress, startReplica } from './testing.js';

const REV = 'default/hello-00001';
const HOST = 'hello.default.localhost';

async function setup(
  t: { after(fn: () => unknown): void },
  config: RevisionTrafficConfig,
  handler?: ReplicaHandler,
) {
  const router = new Router();
  const ingress = await startIngress(router);
  const replica = await startReplica('a', REV, handler);
  t.after(() => Promise.all([replica.close(), ingress.close(), router.close()]));
  router.setRoute(route('default/hello', [HOST], [{ revision: REV, percent: 100 }]));
  router.setRevision(REV, config);
  router.setEndpoints(REV, [replica.endpoint]);
  return { router, port: ingress.port, replica };
}

test('proxy - timeoutSeconds without a response answers 504 naming the limit', async (t) => {
  const { router, port } = await setup(t, { containerConcurrency: 0, timeoutSeconds: 0.3 });
  const res = await send(port, HOST, '/hang');
  assert.equal(res.status, 504);
  assert.equal(res.body, `request timed out after 0.3s (revision ${REV} timeoutSeconds)\n`);
  assert.equal(router.inFlight(REV), 0);
});

test('proxy - timeoutSeconds cuts a response that already started', async (t) => {
  const { port } = await setup(t, { containerConcurrency: 0, timeoutSeconds: 0.3 }, (_req, res) => {
    res.writeHead(200);
    res.write('partial');
  });
  await assert.rejects(send(port, HOST), /aborted|socket hang up|ECONNRESET/);
});

test('proxy - responseStartTimeoutSeconds answers 504 when no headers arrive in time', async (t) => {
  const { port } = await setup(t, {
    containerConcurrency: 0,
    timeoutSeconds: 30,
    responseStartTimeoutSeconds: 0.2,
  });
  const started = Date.now();
  const res = await send(port, HOST, '/hang');
  assert.equal(res.status, 504);
  assert.equal(res.body, `no response started after 0.2s (revision ${REV} responseStartTimeoutSeconds)\n`);
  assert.ok(Date.now() - started < 2000);
});

test('proxy - idleTimeoutSeconds cuts a response that stops sending bytes', async (t) => {
  const { port } = await setup(
    t,
    { containerConcurrency: 0, timeoutSeconds: 30, idleTimeoutSeconds: 0.2 },
    (_req, res) => {
      res.writeHead(200);
      res.write('one');
      setTimeout(() => res.write('two'), 100);
    },
  );
  await assert.rejects(send(port, HOST), /aborted|socket hang up|ECONNRESET/);
});

test('proxy - streams response chunks as the replica sends them', async (t) => {
  let sendLast: () => void = () => {};
  const lastSent = new Promise<void>((resolve) => {
    sendLast = resolve;
  });
  const { port } = await setup(t, { containerConcurrency: 0, timeoutSeconds: 30 }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first;');
    void lastSent.then(() => res.end('last'));
  });
  const body = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', headers: { host: HOST }, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text === '') {
            assert.equal(chunk, 'first;', 'the first chunk arrives before the last is sent');
            sendLast();
          }
          text += chunk;
        });
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.equal(body, 'first;last');
});

test('proxy - streams a 5 MB upload through to the replica', async (t) => {
  let digest = '';
  const { port } = await setup(t, { containerConcurrency: 0, timeoutSeconds: 30 }, (req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      hash.update(c);
    });
    req.on('end', () => {
      digest = hash.digest('hex');
      res.end(String(bytes));
    });
  });
  const body = randomBytes(5 * 1024 * 1024);
  const res = await send(port, HOST, '/upload', { method: 'POST', body });
  assert.equal(res.status, 200);
  assert.equal(res.body, String(body.length));
  assert.equal(digest, createHash('sha256').update(body).digest('hex'));

  const chunked = await new Promise<string>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'PUT', path: '/upload', headers: { host: HOST }, agent: false },
      (r) => {
        let text = '';
        r.on('data', (c: Buffer) => {
          text += c;
        });
        r.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    for (let i = 0; i < 5; i++) req.write(body.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
    req.end();
  });
  assert.equal(chunked, String(body.length), 'chunked request bodies stream too');
});

test('proxy - a refused connection retries once on another replica, else answers 502', async (t) => {
  const { router, port, replica } = await setup(t, { containerConcurrency: 0, timeoutSeconds: 30 });
  const dead = await closedPort();
  router.setEndpoints(REV, [{ id: 'dead', revision: REV, host: '127.0.0.1', port: dead }, replica.endpoint]);
  const results = await Promise.all(Array.from({ length: 6 }, () => send(port, HOST)));
  assert.ok(
    results.every((r) => r.status === 200 && r.body === 'a'),
    JSON.stringify(results.map((r) => r.body)),
  );

  router.setEndpoints(REV, [{ id: 'dead', revision: REV, host: '127.0.0.1', port: dead }]);
  const failed = await send(port, HOST);
  assert.equal(failed.status, 502);
  assert.equal(failed.body, 'replica dead failed: ECONNREFUSED\n');
  const posted = await send(port, HOST, '/', { method: 'POST', body: 'x' });
  assert.equal(posted.status, 502);
  await sleep(10);
  assert.equal(router.inFlight(REV), 0);
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
