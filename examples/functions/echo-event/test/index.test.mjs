// echo-event's test: serves the function with Ebb on a free port (test/function.mjs) and sends it
// CloudEvents in binary and structured mode. Run it with `npm test` in this folder (nothing to install).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFunction } from './function.mjs';

let fn;
before(async () => {
  fn = await startFunction();
});
after(() => fn?.stop());

test('a binary-mode event gets a reply event with the same data', async () => {
  const res = await fetch(fn.url, {
    method: 'POST',
    headers: {
      'ce-specversion': '1.0',
      'ce-id': 'order-1',
      'ce-type': 'dev.example.order',
      'ce-source': '/shop',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ order: 1 }),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('ce-type'), 'dev.ebb.echo.reply');
  assert.equal(res.headers.get('ce-source'), '/functions/echo-event');
  assert.equal(res.headers.get('ce-subject'), 'order-1');
  assert.equal(res.headers.get('ce-echotype'), 'dev.example.order');
  assert.deepEqual(await res.json(), { order: 1 });
});

test('a structured-mode event is echoed too', async () => {
  const event = { specversion: '1.0', id: 'e-2', type: 'dev.example.note', source: '/notes', data: 'hi' };
  const res = await fetch(fn.url, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify(event),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('ce-subject'), 'e-2');
  assert.equal(await res.text(), 'hi');
});

test('answers 400 to a request that is not a CloudEvent', async () => {
  const res = await fetch(fn.url, { method: 'POST', body: 'hello' });
  assert.equal(res.status, 400);
  await res.body?.cancel();
});
