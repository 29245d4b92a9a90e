// hello-ts's test: serves the function with Ebb on a free port (test/function.mjs) and calls it over HTTP.
// Run it with `npm test` in this folder (nothing to install; Ebb is found in the checkout above).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFunction } from './function.mjs';

let fn;
before(async () => {
  fn = await startFunction();
});
after(() => fn?.stop());

test('GET greets the name in the query, with func.yaml GREETING', async () => {
  const res = await fetch(`${fn.url}/?name=tiger`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { greeting: 'Hello, tiger!', revision: 'local' });
});

test('POST greets the name in the JSON body, else the world', async () => {
  const post = (body) =>
    fetch(fn.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.deepEqual(await (await post({ name: 'ebb' })).json(), { greeting: 'Hello, ebb!', revision: 'local' });
  assert.deepEqual(await (await post({ message: 'hi' })).json(), { greeting: 'Hello, world!', revision: 'local' });
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
