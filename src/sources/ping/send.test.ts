import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Agent } from 'undici';
import { StopSignal } from '../../eventing/dispatcher/index.js';
import { makeEvent, startSink } from '../../eventing/dispatcher/testing.js';
import { sendEvent } from './send.js';

const http = new Agent();
after(() => http.close());

test('send - retries the SDK statuses with 100, 200, 400... ms waits, then succeeds', async () => {
  const sink = await startSink((_e, attempt) => ({ status: attempt <= 3 ? 503 : 202 }));
  const outcome = await sendEvent(http, sink.url, makeEvent('r1'), { stop: new StopSignal() });
  assert.deepEqual(outcome, { ok: true, status: 202, attempts: 4 });
  const gaps = sink.received.slice(1).map((r, i) => r.at - sink.received[i]!.at);
  for (const [i, want] of [100, 200, 400].entries()) {
    assert.ok(gaps[i]! >= want - 5 && gaps[i]! < want + 150, `gap ${i}: ${gaps[i]} ms, wanted ~${want}`);
  }
  await sink.close();
});

test('send - gives up after 5 retries (6 attempts)', async () => {
  const sink = await startSink(() => ({ status: 429 }));
  const outcome = await sendEvent(http, sink.url, makeEvent('r2'), {
    stop: new StopSignal(),
    backoffPeriodMs: 1,
  });
  assert.equal(outcome.ok, false);
  assert.equal(outcome.attempts, 6);
  assert.equal(!outcome.ok && outcome.retriable, true);
  assert.equal(sink.received.length, 6);
  await sink.close();
});

test('send - 400 and 500 are not retried (not in the SDK list)', async () => {
  for (const status of [400, 500]) {
    const sink = await startSink(() => ({ status }));
    const outcome = await sendEvent(http, sink.url, makeEvent(`n${status}`), { stop: new StopSignal() });
    assert.deepEqual(outcome, {
      ok: false,
      retriable: false,
      status,
      attempts: 1,
      error: `answered ${status}`,
    });
    await sink.close();
  }
});

test('send - a refused connection is retried; stop ends the waits', async () => {
  const sink = await startSink();
  const url = sink.url;
  await sink.close();
  const stop = new StopSignal();
  setTimeout(() => stop.stop(), 150);
  const outcome = await sendEvent(http, url, makeEvent('gone'), { stop });
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.stopped, true);
  assert.ok(outcome.attempts >= 2, `attempts: ${outcome.attempts}`);
});
