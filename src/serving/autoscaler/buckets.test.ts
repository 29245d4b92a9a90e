import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smoothingCoefficient, TimedBuckets } from './buckets.js';

const S = 1_000;
const T0 = 1_700_000_000_300; // not on a second boundary, like Knative's time.Now()

test('autoscaler buckets - window average follows Knative TestTimedFloat64BucketsWindowAverage', () => {
  const b = new TimedBuckets(5 * S);
  const W = 5 * S;
  b.record(T0, 1);
  assert.equal(b.windowAverage(T0, W), 1, 'first write counts only its own bucket');
  for (let i = 1; i < 5; i++) b.record(T0 + i * S, i + 1);
  const table: [string, number, number][] = [
    ['full window', T0 + 4 * S, 15 / 5],
    ['now lags behind the last write', T0 + 3_600, 15 / 5],
    ['short hole drops old buckets', T0 + 6 * S, (15 - 1 - 2) / (5 - 2)],
    ['a hole of a whole window is 0', T0 + 10 * S, 0],
  ];
  for (const [name, now, want] of table) assert.equal(b.windowAverage(now, W), want, name);
  b.record(T0 + 6 * S, 91);
  assert.equal(b.windowAverage(T0 + 6 * S, W), (15 - 1 - 2 + 91) / 5, 'write after a hole');
  const later = T0 + 66 * S;
  b.record(later, 1984);
  assert.equal(b.windowAverage(later, W), 1984, 'a write after a window of silence starts over');
  b.record(later + S, 5);
  assert.equal(b.windowAverage(later + S, W), (1984 + 5) / 2);
  b.record(later + 6 * S, 10);
  assert.equal(b.windowAverage(later + 6 * S, W), 10, 'exactly one window without data resets');
});

test('autoscaler buckets - one history answers windows of different sizes', () => {
  const b = new TimedBuckets(60 * S);
  for (let i = 0; i < 60; i++) b.record(T0 + i * S, i < 54 ? 0 : 60);
  const last = T0 + 59 * S;
  assert.equal(b.windowAverage(last, 60 * S), (6 * 60) / 60, 'stable window');
  assert.equal(b.windowAverage(last, 6 * S), 60, 'panic window');
  assert.equal(b.isEmpty(last + 7 * S, 6 * S), true);
  assert.equal(b.isEmpty(last + 7 * S, 60 * S), false);
});

test('autoscaler buckets - recordRun writes a constant run, keeping only the retention', () => {
  const b = new TimedBuckets(10 * S);
  b.recordRun(T0, T0 + 999 * S, 3);
  assert.equal(b.windowAverage(T0 + 999 * S, 10 * S), 3);
  assert.equal(b.windowAverage(T0 + 1_000 * S, 10 * S), 3, 'the run counts as continuous data');
  b.record(T0 + 1_000 * S, 13);
  assert.equal(b.windowAverage(T0 + 1_000 * S, 10 * S), (9 * 3 + 13) / 10);
});

test('autoscaler buckets - weighted average follows Knative TestTimedFloat64BucketsWeightedAverage', () => {
  const b = new TimedBuckets(5 * S);
  const W = 5 * S;
  const m = smoothingCoefficient(5);
  b.record(T0, 2);
  let want = 2 * m;
  assert.equal(b.weightedAverage(T0, W), want);
  want *= 1 - m;
  assert.equal(b.weightedAverage(T0 + S, W), want, 'one second later, no write');
  b.record(T0 + S, 2);
  want += 2 * m;
  assert.ok(Math.abs(b.weightedAverage(T0 + S, W) - want) < 1e-12);
  for (let i = 0; i < 5; i++) b.record(T0 + (2 + i) * S, i + 2);
  want = 6 * m + 5 * m * (1 - m) + 4 * m * (1 - m) ** 2 + 3 * m * (1 - m) ** 3 + 2 * m * (1 - m) ** 4;
  assert.ok(Math.abs(b.weightedAverage(T0 + 6 * S, W) - want) < 1e-12);
  assert.equal(b.weightedAverage(T0 + 16 * S, W), 0, 'empty window');
});

test('autoscaler buckets - smoothing coefficient, Knative TestComputeDecayMultiplier', () => {
  const table: [number, number][] = [
    [100, 0.2],
    [60, 0.2],
    [40, 0.20567],
    [6, 0.78456],
  ];
  for (const [n, want] of table) assert.ok(Math.abs(smoothingCoefficient(n) - want) < 1e-4, String(n));
});

test('buckets - averages are rounded to 6 digits as Knative 0.51 roundToNDigits does (math.Round)', () => {
  const b = new TimedBuckets(3_000);
  const t0 = 1_700_000_000_000;
  b.record(t0, 1);
  b.record(t0 + 1_000, 1);
  b.record(t0 + 2_000, 0);
  assert.equal(b.windowAverage(t0 + 2_000, 3_000), 0.666667, '2/3 rounded');
});

test('buckets - Go powers: integer powers by repeated squaring, and the table of smoothing coefficients', async () => {
  const { goPowInt, smoothingCoefficient: coeff } = await import('./go-pow.js');
  // Values printed by Go's math.Pow on this machine (amd64): (1 - c)^k for the 60-bucket coefficient 0.2.
  assert.equal(goPowInt(0.8, 4), 0.4096000000000002);
  assert.equal(goPowInt(0.8, 7), 0.20971520000000016);
  assert.equal(coeff(6), 0.7845565309968116);
  assert.equal(coeff(60), 0.2);
});
