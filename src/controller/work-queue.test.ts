import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkQueue } from './work-queue.js';

test('work queue - a key added many times while queued runs once', async () => {
  const runs: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const q = new WorkQueue(async (k) => {
    if (k === 'block') await gate;
    runs.push(k);
  }, 1);
  q.add('block');
  for (let i = 0; i < 10; i++) q.add('a');
  release();
  await q.idle();
  assert.deepEqual(runs, ['block', 'a']);
});

test('work queue - a key is never processed concurrently with itself and reruns if dirtied', async () => {
  let active = 0;
  let maxActive = 0;
  let count = 0;
  const q = new WorkQueue(async () => {
    active++;
    maxActive = Math.max(maxActive, active);
    count++;
    if (count === 1) q.add('k'); // dirtied while processing
    await sleep(5);
    active--;
  }, 4);
  q.add('k');
  await sleep(1);
  await q.idle();
  await sleep(20);
  await q.idle();
  assert.equal(maxActive, 1);
  assert.equal(count, 2);
});

test('work queue - rate limited requeue backs off exponentially and forget resets', () => {
  const q = new WorkQueue(async () => {});
  assert.equal(q.addRateLimited('x'), 10);
  assert.equal(q.addRateLimited('x'), 20);
  assert.equal(q.addRateLimited('x'), 40);
  q.forget('x');
  assert.equal(q.addRateLimited('x'), 10);
  void q.stop();
});

test('work queue - a throwing handler does not stop the queue', async () => {
  const seen: string[] = [];
  const q = new WorkQueue(async (k) => {
    seen.push(k);
    if (k === 'bad') throw new Error('boom');
  });
  q.add('bad');
  q.add('good');
  await q.idle();
  assert.deepEqual(seen.sort(), ['bad', 'good']);
});
