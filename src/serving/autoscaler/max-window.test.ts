import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentMax, newMaxWindow, recordMax } from './max-window.js';

const S = 1_000;

test('autoscaler max window - keeps the maximum of the last buckets', () => {
  let w = newMaxWindow(10 * S, 2 * S); // 5 buckets of 2s
  const table: [number, number, number][] = [
    [0, 5, 5],
    [2, 3, 5],
    [2, 4, 5], // replaces the smaller 3 recorded in the same bucket
    [8, 1, 5],
    [10, 1, 4], // 5 (bucket 0) left the window
    [12, 0, 1],
    [16, 0, 1],
    [20, 0, 0], // 1 (bucket 5) left the window
  ];
  for (const [sec, value, want] of table) {
    w = recordMax(w, sec * S, value);
    assert.equal(currentMax(w), want, `t=${sec}s`);
  }
});
