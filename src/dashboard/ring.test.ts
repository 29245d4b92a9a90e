import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ring } from './ring.js';
import { percentile, Rates } from './stats.js';

test('ring - keeps the newest entries up to its capacity', () => {
  const r = new Ring<number>(3);
  for (let i = 1; i <= 5; i++) r.push(i);
  assert.deepEqual(r.toArray(), [3, 4, 5]);
  assert.equal(r.size, 3);
  assert.equal(r.pushed, 5);
  assert.equal(r.last(), 5);
});

test('ring - since returns what came after a pushed count, bounded by what is held', () => {
  const r = new Ring<number>(3);
  for (let i = 1; i <= 5; i++) r.push(i);
  assert.deepEqual(r.since(4), [5]);
  assert.deepEqual(r.since(0), [3, 4, 5]);
  assert.deepEqual(r.since(5), []);
});

test('stats - percentile by nearest rank', () => {
  assert.equal(percentile([], 99), undefined);
  assert.equal(percentile([5, 1, 3], 50), 3);
  assert.equal(
    percentile(
      [...Array(100).keys()].map((i) => i + 1),
      99,
    ),
    99,
  );
});

test('stats - rates from cumulative counters; a reset counts from zero', () => {
  const r = new Rates();
  assert.equal(r.rate('a', 10, 1000), 0);
  assert.equal(r.rate('a', 20, 2000), 10);
  assert.equal(r.rate('a', 5, 2500), 10);
});
