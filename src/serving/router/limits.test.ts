import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Router, type RouterOptions } from './router.js';
import { route, send, startIngress, startReplica, type TestReplica } from './testing.js';

const REV = 'default/hello-00001';
const HOST = 'hello.default.localhost';

async function setup(t: { after(fn: () => unknown): void }, options: RouterOptions = {}) {
  const router = new Router(options);
  const ingress = await startIngress(router);
  const replicas: TestReplica[] = [];
  t.after(() => Promise.all([...replicas.map((r) => r.close()), ingress.close(), router.close()]));
  router.setRoute(route('default/hello', [HOST], [{ revision: REV, percent: 100 }]));
  const replica = async (id: string) => {
    const r = await startReplica(id, REV);
    replicas.push(r);
    return r;
  };
  return { router, port: ingress.port, replica };
}

test('limits - containerConcurrency 1 never overlaps requests inside a replica', async (t) => {
  const { router, port, replica } = await setup(t);
  const a = await replica('a');
  const b = await replica('b');
  router.setRevision(REV, { containerConcurrency: 1, timeoutSeconds: 30 });
  router.setEndpoints(REV, [a.endpoint, b.endpoint]);
  const results = await Promise.all(Array.from({ length: 20 }, () => send(port, HOST, '/slow?ms=20')));
  assert.ok(results.every((r) => r.status === 200));
  assert.equal(a.maxInFlight, 1);
  assert.equal(b.maxInFlight, 1);
  assert.equal(a.seen.length + b.seen.length, 20);
  assert.ok(a.seen.length >= 5 && b.seen.length >= 5, `a=${a.seen.length} b=${b.seen.length}`);
  assert.equal(router.inFlight(REV), 0);
  assert.equal(router.queued(REV), 0);
});

test('limits - a full queue answers 503 saying so (10 x containerConcurrency per replica)', async (t) => {
  const { router, port, replica } = await setup(t, { maxQueuePerRevision: 2 });
  const a = await replica('a');
  router.setRevision(REV, { containerConcurrency: 1, timeoutSeconds: 30 });
  router.setEndpoints(REV, [a.endpoint]);
  // One replica with containerConcurrency 1: 1 in flight, 10 waiting (more than the router-wide 2).
  const held = Array.from({ length: 11 }, () => send(port, HOST, '/slow?ms=100'));
  while (router.queued(REV) < 10) await sleep(5);
  assert.equal(router.inFlight(REV), 1);
  const refused = await send(port, HOST);
  assert.equal(refused.status, 503);
  assert.equal(
    refused.body,
    `queue full: 10 requests already waiting for revision ${REV} (containerConcurrency 1)\n`,
  );
  assert.deepEqual(
    (await Promise.all(held)).map((r) => r.status),
    Array.from({ length: 11 }, () => 200),
  );
});

test('limits - with no endpoints a request waits and goes out when setEndpoints adds one', async (t) => {
  const noCapacity: string[] = [];
  const { router, port, replica } = await setup(t, { onNoCapacity: (key) => noCapacity.push(key) });
  router.setRevision(REV, { containerConcurrency: 0, timeoutSeconds: 10 });
  const pending = send(port, HOST);
  while (router.queued(REV) < 1) await sleep(5);
  assert.deepEqual(noCapacity, [REV]);
  const a = await replica('a');
  router.setEndpoints(REV, [a.endpoint]);
  const res = await pending;
  assert.equal(res.status, 200);
  assert.equal(res.body, 'a');
});

test('limits - with no endpoints until timeoutSeconds the request gets 503 with the reason', async (t) => {
  const { router, port } = await setup(t, { reasonFor: () => 'replica exited with code 1' });
  router.setRevision(REV, { containerConcurrency: 0, timeoutSeconds: 0.3 });
  const started = Date.now();
  const res = await send(port, HOST);
  assert.equal(res.status, 503);
  assert.equal(res.body, `no ready replica for revision ${REV} within 0.3s: replica exited with code 1\n`);
  assert.ok(Date.now() - started >= 250);
  assert.equal(router.queued(REV), 0);
});

test('limits - waiting past timeoutSeconds behind busy replicas answers 503 saying they were busy', async (t) => {
  const { router, port, replica } = await setup(t);
  const a = await replica('a');
  router.setRevision(REV, { containerConcurrency: 1, timeoutSeconds: 30 });
  router.setEndpoints(REV, [a.endpoint]);
  const busy = send(port, HOST, '/slow?ms=600');
  while (a.inFlight < 1) await sleep(5);
  router.setRevision(REV, { containerConcurrency: 1, timeoutSeconds: 0.3 });
  const res = await send(port, HOST);
  assert.equal(res.status, 503);
  assert.match(
    res.body,
    /^no free replica for revision default\/hello-00001 within 0.3s: all 1 replicas busy \(containerConcurrency 1\)/,
  );
  assert.equal((await busy).status, 200);
});

test('limits - removeRevision answers its waiting requests with 503', async (t) => {
  const { router, port } = await setup(t);
  router.setRevision(REV, { containerConcurrency: 0, timeoutSeconds: 30 });
  const pending = send(port, HOST);
  while (router.queued(REV) < 1) await sleep(5);
  router.removeRevision(REV);
  const res = await pending;
  assert.equal(res.status, 503);
  assert.equal(res.body, `revision ${REV} was removed while the request waited\n`);
});

test('limits - a waiting request whose client disconnects leaves the queue', async (t) => {
  const { router, port } = await setup(t);
  router.setRevision(REV, { containerConcurrency: 0, timeoutSeconds: 30 });
  const client = request({ host: '127.0.0.1', port, path: '/', headers: { host: HOST }, agent: false });
  client.on('error', () => {});
  client.end();
  while (router.queued(REV) < 1) await sleep(5);
  client.destroy();
  while (router.queued(REV) > 0) await sleep(5);
});

test('limits - removing an endpoint lets its in-flight request finish; new ones go elsewhere', async (t) => {
  const { router, port, replica } = await setup(t);
  const a = await replica('a');
  const b = await replica('b');
  router.setRevision(REV, { containerConcurrency: 0, timeoutSeconds: 30 });
  router.setEndpoints(REV, [a.endpoint]);
  const inFlight = send(port, HOST, '/slow?ms=300');
  while (a.inFlight < 1) await sleep(5);
  router.setEndpoints(REV, [b.endpoint]);
  const later = await Promise.all(Array.from({ length: 5 }, () => send(port, HOST)));
  assert.ok(later.every((r) => r.status === 200 && r.body === 'b'));
  const first = await inFlight;
  assert.equal(first.status, 200);
  assert.equal(first.body, 'a');
});

test('limits - drain() resolves once the replica has no requests in flight', async (t) => {
  const { router, port, replica } = await setup(t);
  const a = await replica('a');
  const b = await replica('b');
  router.setEndpoints(REV, [a.endpoint, b.endpoint]);
  const slow = [send(port, HOST, '/slow?ms=300'), send(port, HOST, '/slow?ms=300')];
  while (a.inFlight < 1) await sleep(5);
  let drained = false;
  const draining = router.drain('a', 10_000).then(() => {
    drained = true;
  });
  const during = await Promise.all(Array.from({ length: 4 }, () => send(port, HOST)));
  assert.ok(
    during.every((r) => r.body === 'b'),
    'a drained replica gets no new requests',
  );
  assert.equal(drained, false);
  await Promise.all(slow);
  await draining;
  assert.equal(a.inFlight, 0);
  router.setEndpoints(REV, [a.endpoint, b.endpoint]);
  const after = await Promise.all(Array.from({ length: 4 }, () => send(port, HOST)));
  assert.ok(
    after.every((r) => r.body === 'b'),
    'a drained replica stays out while it is still listed',
  );
  await router.drain('unknown', 10_000);
});

test('limits - drain() gives up after timeoutMs', async (t) => {
  const { router, port, replica } = await setup(t);
  const a = await replica('a');
  router.setEndpoints(REV, [a.endpoint]);
  void send(port, HOST, '/hang').catch(() => {});
  while (a.inFlight < 1) await sleep(5);
  const started = Date.now();
  await router.drain('a', 100);
  assert.ok(Date.now() - started < 1000);
});

test('limits - request hooks count every request once, with the status the client got', async (t) => {
  const counts = { start: 0, end: 0 };
  const statuses: number[] = [];
  const { router, port, replica } = await setup(t, {
    onRequestStart: () => counts.start++,
    onRequestEnd: (_key, status) => {
      counts.end++;
      statuses.push(status);
    },
  });
  const a = await replica('a');
  router.setEndpoints(REV, [a.endpoint]);
  await Promise.all(Array.from({ length: 10 }, () => send(port, HOST)));
  assert.deepEqual(counts, { start: 10, end: 10 });
  assert.deepEqual(new Set(statuses), new Set([200]));
  await a.close();
  assert.equal((await send(port, HOST)).status, 502, 'the replica is gone');
  assert.equal(statuses.at(-1), 502);
});
