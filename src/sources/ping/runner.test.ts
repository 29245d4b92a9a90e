import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { startSink } from '../../eventing/dispatcher/testing.js';
import { createLogger } from '../../log.js';
import { PingRunner } from './runner.js';

const http = new Agent();
const runner = new PingRunner({ http, log: createLogger('test', 'error'), spreadMs: 0 });
after(async () => {
  await runner.stopAll();
  await http.close();
});

const event = { namespace: 'default', name: 'every-second', data: 'tick', contentType: 'text/plain' };

test('ping runner - a seconds schedule ticks each second, time on the second', async () => {
  const sink = await startSink();
  assert.deepEqual(runner.upsert('default/a', { schedule: '* * * * * *', sinkUri: sink.url, event }), {
    ok: true,
  });
  const next = runner.nextTick('default/a')!;
  assert.equal(next.getMilliseconds(), 0);
  await sleep(next.getTime() - Date.now() + 2_100);
  const times = sink.received.map((r) => r.event.attributes.time!);
  assert.ok(times.length >= 2, `received ${times.length}`);
  for (const t of times) assert.match(t, /\.000Z$/);
  assert.equal(new Set(sink.received.map((r) => r.event.attributes.id)).size, times.length);
  for (const r of sink.received) assert.ok(r.at - Date.parse(r.event.attributes.time!) < 500);
  assert.equal(runner.stats().get('default/a')?.sent, times.length);
  runner.remove('default/a');
  const count = sink.received.length;
  await sleep(1_300);
  assert.equal(sink.received.length, count, 'removed: no more ticks');
  await sink.close();
});

test('ping runner - the same config keeps the job; a change replaces it at once', async () => {
  const a = await startSink();
  const b = await startSink();
  const config = { schedule: '0 0 1 1 *', sinkUri: a.url, event };
  runner.upsert('default/b', config);
  const yearly = runner.nextTick('default/b');
  runner.upsert('default/b', { ...config });
  assert.equal(runner.nextTick('default/b'), yearly, 'unchanged: the same job');
  runner.upsert('default/b', { ...config, schedule: '* * * * * *', sinkUri: b.url });
  await sleep(1_500);
  assert.equal(a.received.length, 0);
  assert.ok(b.received.length >= 1);
  runner.remove('default/b');
  await Promise.all([a.close(), b.close()]);
});

test('ping runner - a schedule croner cannot read is reported, not thrown', () => {
  const health = runner.upsert('default/c', { schedule: 'nonsense', sinkUri: 'http://x/', event });
  assert.equal(health.ok, false);
  assert.equal(!health.ok && health.reason, 'InvalidSchedule');
  assert.equal(runner.nextTick('default/c'), undefined);
});
