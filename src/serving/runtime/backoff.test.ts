import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from './backoff.js';

describe('backoff', () => {
  it('backoff - doubles from 100 ms and caps at 10 s', () => {
    const b = new Backoff();
    const delays = Array.from({ length: 10 }, () => b.next());
    assert.deepEqual(delays, [100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000]);
    assert.equal(b.current, 10_000);
  });

  it('backoff - reset starts over', () => {
    const b = new Backoff({ initialMs: 50, maxMs: 120, resetAfterMs: 1 });
    assert.deepEqual([b.next(), b.next(), b.next()], [50, 100, 120]);
    b.reset();
    assert.equal(b.current, 0);
    assert.equal(b.next(), 50);
    assert.equal(b.resetAfterMs, 1);
  });
});
