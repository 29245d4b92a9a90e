import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventRecord, StoredEvent } from '../types.js';
import { snapshot, TailCache } from './tail-cache.js';

const events = (n: number): EventRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    attributes: { specversion: '1.0', id: String(i), source: '/t', type: 't' },
  }));
const offsets = (read: StoredEvent[] | undefined) => read?.map((e) => e.offset);

test('tail cache - serves reads from its first offset on and sends older ones to SQLite', () => {
  const cache = new TailCache(100);
  cache.add('s', 11, events(5), 1);
  assert.deepEqual(offsets(cache.read('s', 10, 100)), [11, 12, 13, 14, 15]);
  assert.deepEqual(offsets(cache.read('s', 12, 2)), [13, 14]);
  assert.deepEqual(cache.read('s', 15, 10), [], 'caught up');
  assert.equal(cache.read('s', 9, 10), undefined, 'offset 10 is not cached');
  assert.equal(cache.read('s', 16, 10), undefined, 'past the run: not the cache to say');
  assert.equal(cache.read('other', 0, 10), undefined);
});

test('tail cache - a batch that does not continue the run starts a new one', () => {
  const cache = new TailCache(100);
  cache.add('s', 1, events(3), 1);
  cache.add('s', 10, events(2), 1);
  assert.equal(cache.read('s', 0, 10), undefined);
  assert.deepEqual(offsets(cache.read('s', 9, 10)), [10, 11]);
});

test('tail cache - evicts the oldest events past its bound', () => {
  const cache = new TailCache(4);
  cache.add('a', 1, events(3), 1);
  cache.add('b', 1, events(3), 1);
  assert.deepEqual(offsets(cache.read('b', 0, 10)), [1, 2, 3]);
  assert.deepEqual(offsets(cache.read('a', 2, 10)), [3]);
  assert.equal(cache.read('a', 1, 10), undefined);
  cache.add('b', 4, events(4), 1);
  assert.equal(cache.read('a', 2, 10), undefined);
  assert.deepEqual(offsets(cache.read('b', 3, 10)), [4, 5, 6, 7]);
});

test('tail cache - trim forgets compacted events', () => {
  const cache = new TailCache(100);
  cache.add('s', 1, events(5), 1);
  cache.trim('s', 3);
  assert.equal(cache.read('s', 0, 10), undefined);
  assert.deepEqual(offsets(cache.read('s', 3, 10)), [4, 5]);
  cache.trim('s', Number.MAX_SAFE_INTEGER);
  assert.equal(cache.read('s', 5, 10), undefined);
});

test('tail cache - a snapshot does not change when the appended record does', () => {
  const original = events(1)[0]!;
  const kept = snapshot(original);
  original.attributes.id = 'changed';
  assert.equal(kept.attributes.id, '0');
});
