import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrderedQueue } from './ordered.js';
import { type Task, UnorderedQueue } from './queue.js';

const task = (offset: number, key = ''): Task => ({
  offset,
  key,
  stored: undefined,
  attempts: 0,
  dueAt: undefined,
  retryRow: false,
});

describe('work queues', () => {
  it('ordered - one task per key at a time, keys in parallel, in offset order', () => {
    const q = new OrderedQueue();
    const [a1, b1, a2, b2, a3] = [task(1, 'a'), task(2, 'b'), task(3, 'a'), task(4, 'b'), task(5, 'a')];
    for (const t of [a1!, b1!, a2!, b2!, a3!]) q.push(t);
    assert.equal(q.take(), a1);
    assert.equal(q.take(), b1);
    assert.equal(q.take(), undefined, 'both keys busy');
    q.complete(b1!);
    assert.equal(q.take(), b2);
    q.park(a1!);
    assert.equal(q.take(), undefined, 'a parked: its key stays blocked');
    q.wake(a1!);
    assert.equal(q.take(), a1, 'the parked head comes back first');
    q.complete(a1!);
    assert.equal(q.take(), a2);
    q.complete(a2!);
    assert.equal(q.take(), a3);
    q.complete(a3!);
    q.complete(b2!);
    assert.equal(q.take(), undefined);
    assert.equal(q.keys, 0);
  });

  it('unordered - due retries go before fresh events', () => {
    const q = new UnorderedQueue();
    q.push(task(1));
    q.push(task(2));
    const first = q.take()!;
    q.park(first);
    q.wake(first);
    assert.equal(q.take(), first);
    assert.equal(q.take()?.offset, 2);
    assert.equal(q.waiting, 0);
  });
});
