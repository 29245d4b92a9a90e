import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { test } from 'node:test';
import { Router } from './router.js';
import { route, send, startIngress, startReplica } from './testing.js';

const REV = 'default/hello-00001';

test('router - routes by host, ignoring case and port; unknown hosts are left to the caller', async (t) => {
  const router = new Router();
  const replica = await startReplica('r1', REV);
  const ingress = await startIngress(router);
  t.after(() => Promise.all([replica.close(), ingress.close(), router.close()]));
  router.setRevision(REV, { containerConcurrency: 0, timeoutSeconds: 10 });
  router.setEndpoints(REV, [replica.endpoint]);
  router.setRoute(
    route(
      'default/hello',
      ['hello.default.localhost', 'hello.default.svc.cluster.local'],
      [{ revision: REV, percent: 100 }],
    ),
  );

  for (const host of [
    'hello.default.localhost',
    'HELLO.Default.LocalHost:8080',
    'hello.default.svc.cluster.local',
  ]) {
    const res = await send(ingress.port, host);
    assert.equal(res.status, 200, host);
    assert.equal(res.body, 'r1');
  }
  const unknown = await send(ingress.port, 'other.default.localhost:8080');
  assert.equal(unknown.status, 404);
  assert.equal(
    unknown.body,
    'no Knative Service at host "other.default.localhost:8080"; hosts served here: hello.default.localhost, hello.default.svc.cluster.local\n',
  );

  router.removeRoute('default/hello');
  assert.equal((await send(ingress.port, 'hello.default.localhost')).status, 404);
});

test('router - handle() returns false for an unknown or missing host and writes nothing', async (t) => {
  const router = new Router();
  router.setRoute(route('default/hello', ['hello.default.localhost'], [{ revision: REV, percent: 100 }]));
  const results: boolean[] = [];
  const server = createServer((req, res) => {
    results.push(router.handle(req, res));
    if (!res.headersSent) res.end('fallback');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const port = (server.address() as { port: number }).port;
  const res = await send(port, 'broker.example');
  assert.equal(res.body, 'fallback');
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end('GET / HTTP/1.0\r\n\r\n'));
    let text = '';
    socket.on('data', (c) => {
      text += c;
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  assert.match(raw, /fallback$/, 'an HTTP/1.0 request without Host');
  assert.deepEqual(results, [false, false]);
});

test('router - splits traffic 50/50 and sends tag hosts 100% to their revision', async (t) => {
  const router = new Router();
  const a = await startReplica('a', 'default/hello-00001');
  const b = await startReplica('b', 'default/hello-00002');
  const ingress = await startIngress(router);
  t.after(() => Promise.all([a.close(), b.close(), ingress.close(), router.close()]));
  router.setEndpoints('default/hello-00001', [a.endpoint]);
  router.setEndpoints('default/hello-00002', [b.endpoint]);
  router.setRoute(
    route(
      'default/hello',
      ['hello.default.localhost'],
      [
        { revision: 'default/hello-00001', percent: 50 },
        { revision: 'default/hello-00002', percent: 50 },
        { revision: 'default/hello-00003', percent: 0 },
      ],
      [{ host: 'v2-hello.default.localhost', revision: 'default/hello-00002' }],
    ),
  );

  const counts = { a: 0, b: 0 };
  for (let batch = 0; batch < 10; batch++) {
    const bodies = await Promise.all(
      Array.from({ length: 40 }, () => send(ingress.port, 'hello.default.localhost')),
    );
    for (const r of bodies) counts[r.body as 'a' | 'b']++;
  }
  assert.equal(counts.a + counts.b, 400);
  assert.ok(counts.a >= 100 && counts.b >= 100, `split ${JSON.stringify(counts)}`);

  const tagged = await Promise.all(
    Array.from({ length: 50 }, () => send(ingress.port, 'v2-hello.default.localhost')),
  );
  assert.ok(tagged.every((r) => r.status === 200 && r.body === 'b'));
});

test('router - a route whose targets are all 0% answers 503', async (t) => {
  const router = new Router();
  const ingress = await startIngress(router);
  t.after(() => Promise.all([ingress.close(), router.close()]));
  router.setRoute(route('default/off', ['off.default.localhost'], [{ revision: REV, percent: 0 }]));
  const res = await send(ingress.port, 'off.default.localhost');
  assert.equal(res.status, 503);
  assert.match(res.body, /route default\/off has no traffic target/);
});

test('router - forwards client and trace headers, drops hop-by-hop ones both ways', async (t) => {
  const router = new Router();
  const replica = await startReplica('r1', REV, (req, res) => {
    res.writeHead(200, {
      'x-from-replica': 'yes',
      'keep-alive': 'timeout=99',
      'proxy-authenticate': 'Basic',
      'x-private': '1',
      connection: 'x-private',
    });
    res.end(JSON.stringify(req.headers));
  });
  const ingress = await startIngress(router);
  t.after(() => Promise.all([replica.close(), ingress.close(), router.close()]));
  router.setEndpoints(REV, [replica.endpoint]);
  router.setRoute(route('default/hello', ['hello.default.localhost'], [{ revision: REV, percent: 100 }]));

  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const res = await send(ingress.port, 'hello.default.localhost:8080', '/headers?q=1', {
    headers: {
      traceparent,
      tracestate: 'congo=t61rcWkgMzE',
      'x-forwarded-for': '203.0.113.7',
      'proxy-authorization': 'Basic secret',
      te: 'trailers',
      connection: 'keep-alive, x-hop',
      'x-hop': 'drop me',
    },
  });
  assert.equal(res.status, 200);
  const seen = JSON.parse(res.body) as Record<string, string>;
  assert.equal(seen.host, 'hello.default.localhost:8080');
  assert.equal(seen['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
  assert.equal(seen.forwarded, 'for=127.0.0.1;host="hello.default.localhost:8080";proto=http');
  assert.equal(seen['x-forwarded-proto'], 'http');
  assert.equal(seen['x-forwarded-host'], 'hello.default.localhost:8080');
  assert.equal(seen.traceparent, traceparent);
  assert.equal(seen.tracestate, 'congo=t61rcWkgMzE');
  for (const h of ['proxy-authorization', 'te', 'x-hop']) assert.equal(seen[h], undefined, h);
  assert.equal(replica.seen[0]!.path, '/headers?q=1');

  assert.equal(res.headers['x-from-replica'], 'yes');
  assert.equal(res.headers['proxy-authenticate'], undefined);
  assert.equal(res.headers['x-private'], undefined);
  assert.notEqual(res.headers['keep-alive'], 'timeout=99');
});
