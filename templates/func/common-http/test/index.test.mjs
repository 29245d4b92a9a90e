// The function's test: it serves the function with Ebb on a free port and calls it over HTTP, as a
// client would. Run it with `npm test` (Node's test runner; nothing to install).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFunction } from './function.mjs';

let fn;
before(async () => {
  fn = await startFunction();
});
after(() => fn?.stop());

test('POST echoes the JSON body', async () => {
  const res = await fetch(fn.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'tiger' }),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(await res.json(), { name: 'tiger' });
});

test('GET greets and shows the query', async () => {
  const res = await fetch(`${fn.url}/?name=tiger`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { message: 'Hello from {{name}}!', query: { name: 'tiger' } });
});

test('other methods are refused', async () => {
  const res = await fetch(fn.url, { method: 'DELETE' });
  assert.equal(res.status, 405);
  await res.body?.cancel();
});

test('answers the health checks', async () => {
  for (const path of ['/health/readiness', '/health/liveness']) {
    const res = await fetch(`${fn.url}${path}`);
    assert.equal(res.status, 200, path);
    await res.body?.cancel();
  }
});
