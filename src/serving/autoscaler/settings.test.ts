import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from './config.js';
import { panicWindowMs, revisionSettings } from './settings.js';

const A = 'autoscaling.knative.dev/';

test('autoscaler settings - per-replica target, Knative ResolveMetricTarget', () => {
  const table: {
    name: string;
    annotations: Record<string, string>;
    cc: number;
    target: number;
    total: number;
  }[] = [
    { name: 'default concurrency: 100 × 70%', annotations: {}, cc: 0, target: 70, total: 100 },
    { name: 'containerConcurrency 10: 10 × 70%', annotations: {}, cc: 10, target: 7, total: 10 },
    { name: 'annotation target', annotations: { [`${A}target`]: '50' }, cc: 0, target: 35, total: 50 },
    {
      name: 'annotation target above containerConcurrency is capped',
      annotations: { [`${A}target`]: '50' },
      cc: 10,
      target: 7,
      total: 10,
    },
    {
      name: 'annotation target below containerConcurrency wins',
      annotations: { [`${A}target`]: '5' },
      cc: 10,
      target: 3.5,
      total: 5,
    },
    {
      name: 'target-utilization-percentage',
      annotations: { [`${A}target-utilization-percentage`]: '50' },
      cc: 10,
      target: 5,
      total: 10,
    },
    {
      name: 'rps default: 200 × 70%',
      annotations: { [`${A}metric`]: 'rps' },
      cc: 10,
      target: 140,
      total: 200,
    },
    {
      name: 'rps with target 200 at 100%',
      annotations: {
        [`${A}metric`]: 'rps',
        [`${A}target`]: '200',
        [`${A}target-utilization-percentage`]: '100',
      },
      cc: 10,
      target: 200,
      total: 200,
    },
    {
      name: 'never below 0.01',
      annotations: { [`${A}target`]: '0.01', [`${A}target-utilization-percentage`]: '1' },
      cc: 0,
      target: 0.01,
      total: 0.01,
    },
  ];
  for (const c of table) {
    const s = revisionSettings(defaultConfig(), c.annotations, c.cc);
    assert.ok(
      Math.abs(s.targetValue - c.target) < 1e-9,
      `${c.name}: target ${s.targetValue} want ${c.target}`,
    );
    assert.equal(s.totalValue, c.total, c.name);
  }
});

test('autoscaler settings - annotations override config-autoscaler', () => {
  const config = { ...defaultConfig(), minScale: 1, maxScale: 20, scaleToZeroPodRetentionPeriodMs: 5_000 };
  const base = revisionSettings(config, undefined, 0);
  assert.deepEqual(
    [
      base.minScale,
      base.maxScale,
      base.initialScale,
      base.activationScale,
      base.stableWindowMs,
      base.panicWindowMs,
    ],
    [1, 20, 1, 1, 60_000, 6_000],
  );
  assert.equal(base.panicThreshold, 2);
  assert.equal(base.scaleToZeroPodRetentionPeriodMs, 5_000);
  assert.equal(base.activationTimeoutMs, 630_000);
  const s = revisionSettings(
    config,
    {
      [`${A}min-scale`]: '2',
      [`${A}maxScale`]: '9',
      [`${A}initial-scale`]: '3',
      [`${A}activation-scale`]: '4',
      [`${A}window`]: '2m',
      [`${A}panic-window-percentage`]: '25',
      [`${A}panic-threshold-percentage`]: '150',
      [`${A}scale-down-delay`]: '30s',
      [`${A}scale-to-zero-pod-retention-period`]: '1m',
      [`${A}target-burst-capacity`]: '0',
      [`${A}metric-aggregation-algorithm`]: 'weightedExponential',
      'serving.knative.dev/progress-deadline': '2m',
    },
    0,
  );
  assert.deepEqual(
    [s.minScale, s.maxScale, s.initialScale, s.activationScale, s.stableWindowMs, s.panicWindowMs],
    [2, 9, 3, 4, 120_000, 30_000],
  );
  assert.equal(s.panicThreshold, 1.5);
  assert.equal(s.scaleDownDelayMs, 30_000);
  assert.equal(s.scaleToZeroPodRetentionPeriodMs, 60_000);
  assert.equal(s.targetBurstCapacity, 0);
  assert.equal(s.aggregation, 'weightedExponential');
  assert.equal(s.activationTimeoutMs, 150_000);
});

test('autoscaler settings - initial-scale 0 only when allow-zero-initial-scale', () => {
  const ann = { [`${A}initial-scale`]: '0' };
  assert.equal(revisionSettings(defaultConfig(), ann, 0).initialScale, 1);
  assert.equal(revisionSettings({ ...defaultConfig(), allowZeroInitialScale: true }, ann, 0).initialScale, 0);
});

test('autoscaler settings - an unreachable revision ignores min-scale and pod retention', () => {
  const ann = { [`${A}min-scale`]: '3', [`${A}scale-to-zero-pod-retention-period`]: '1m' };
  const s = revisionSettings(defaultConfig(), ann, 0, { reachable: false });
  assert.equal(s.minScale, 0);
  assert.equal(s.scaleToZeroPodRetentionPeriodMs, 0);
  assert.equal(s.reachable, false);
});

test('autoscaler settings - panic window is rounded to the second, at least 1s', () => {
  const table: [number, number, number][] = [
    [60_000, 10, 6_000],
    [6_000, 1, 1_000],
    [6_000, 10, 1_000],
    [6_000, 25, 2_000],
    [100_000, 33, 33_000],
    [3_600_000, 100, 3_600_000],
  ];
  for (const [stable, pct, want] of table) assert.equal(panicWindowMs(stable, pct), want, `${stable} ${pct}`);
});

test('autoscaler settings - weighted-exponential, Knative canonical spelling, selects the weighted average', () => {
  for (const spelling of ['weighted-exponential', 'weightedExponential']) {
    const s = revisionSettings(defaultConfig(), { [`${A}metric-aggregation-algorithm`]: spelling }, 0);
    assert.equal(s.aggregation, 'weightedExponential', spelling);
  }
  assert.equal(revisionSettings(defaultConfig(), {}, 0).aggregation, 'linear');
});
