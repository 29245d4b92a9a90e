import assert from 'node:assert/strict';
import { test } from 'node:test';
import { age, humanDuration } from './age.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

test('age - formats durations like kubectl', () => {
  const cases: Array<[number, string]> = [
    [-5 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [3 * M, '3m'],
    [3 * M + 20 * S, '3m20s'],
    [15 * M + 59 * S, '15m'],
    [179 * M, '179m'],
    [2 * H, '120m'],
    [4 * H, '4h'],
    [4 * H + 5 * M, '4h5m'],
    [20 * H, '20h'],
    [4 * D, '4d'],
    [3 * D + 4 * H, '3d4h'],
    [12 * D, '12d'],
    [800 * D, '2y70d'],
    [3000 * D, '8y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
});

test('age - of a timestamp, unknown when missing', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  assert.equal(age('2024-05-01T11:57:00Z', now), '3m');
  assert.equal(age(undefined, now), '<unknown>');
  assert.equal(age('garbage', now), '<unknown>');
});
