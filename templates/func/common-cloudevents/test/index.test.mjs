// The function's test: it serves the function with Ebb on a free port and sends it a CloudEvent over
// HTTP (binary mode: ce-* headers), as a broker would. Run it with `npm test` (nothing to install).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFunction } from './function.mjs';

let fn;
before(async () => {
  fn = await startFunction();
});
after(() => fn?.stop());

test('replies to a CloudEvent with an event carrying its data', async () => {
  const res = await fetch(fn.url, {
    method: 'POST',
    headers: {
      'ce-specversion': '1.0',
      'ce-id': 'test-1',
      'ce-type': 'dev.example.test',
      'ce-source': '/test',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: 'tiger' }),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('ce-type'), 'function.response');
  assert.equal(res.headers.get('ce-source'), '{{name}}');
  assert.ok(res.headers.get('ce-id'));
  assert.deepEqual(await res.json(), { received: { name: 'tiger' } });
});

test('answers 400 to a request that is not a CloudEvent', async () => {
  const res = await fetch(fn.url, { method: 'POST', body: 'hello' });
  assert.equal(res.status, 400);
  await res.body?.cancel();
});

test('answers the health checks', async () => {
  for (const path of ['/health/readiness', '/health/liveness']) {
    const res = await fetch(`${fn.url}${path}`);
    assert.equal(res.status, 200, path);
    await res.body?.cancel();
  }
});
