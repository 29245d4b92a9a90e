import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from './duration.js';

test('duration - parses Go-style durations and plain seconds', () => {
  assert.equal(parseDuration('60s'), 60_000);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('10'), 10_000);
  assert.equal(parseDuration('0.25'), 250);
  assert.equal(parseDuration('0s'), 0);
});

test('duration - rejects what is not a duration, naming the flag', () => {
  for (const bad of ['', 'abc', '10x', '5 s', '-1s', 's']) {
    assert.throws(() => parseDuration(bad, '--timeout'), /invalid --timeout/, bad);
  }
});
