import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AutoscalerConfigError, defaultConfig, parseAutoscalerConfig } from './config.js';
import { formatGoFloat } from './go-values.js';

test('autoscaler config - defaults are Knative defaults', () => {
  const c = defaultConfig();
  assert.deepEqual(parseAutoscalerConfig({}).config, c);
  assert.equal(c.containerConcurrencyTargetFraction, 0.7);
  assert.equal(c.containerConcurrencyTargetDefault, 100);
  assert.equal(c.rpsTargetDefault, 200);
  assert.equal(c.targetBurstCapacity, 211);
  assert.equal(c.stableWindowMs, 60_000);
  assert.equal(c.panicWindowPercentage, 10);
  assert.equal(c.panicThresholdPercentage, 200);
  assert.equal(c.maxScaleUpRate, 1000);
  assert.equal(c.maxScaleDownRate, 2);
  assert.equal(c.enableScaleToZero, true);
  assert.equal(c.scaleToZeroGracePeriodMs, 30_000);
  assert.equal(c.scaleToZeroPodRetentionPeriodMs, 0);
  assert.equal(c.scaleDownDelayMs, 0);
  assert.equal(c.initialScale, 1);
  assert.equal(c.allowZeroInitialScale, false);
  assert.deepEqual([c.minScale, c.maxScale, c.maxScaleLimit, c.activationScale], [0, 0, 0, 1]);
  assert.notEqual(defaultConfig(), defaultConfig(), 'a fresh object each call');
});

test('autoscaler config - parses every key', () => {
  const { config } = parseAutoscalerConfig({
    'container-concurrency-target-percentage': '80',
    'container-concurrency-target-default': '10',
    'requests-per-second-target-default': '150',
    'target-burst-capacity': '-1',
    'stable-window': '2m',
    'panic-window-percentage': '20',
    'panic-threshold-percentage': '300',
    'max-scale-up-rate': '10.5',
    'max-scale-down-rate': '4',
    'enable-scale-to-zero': 'False',
    'scale-to-zero-grace-period': '45s',
    'scale-to-zero-pod-retention-period': '1m30s',
    'scale-down-delay': '15s',
    'allow-zero-initial-scale': 'TRUE',
    'initial-scale': '0',
    'min-scale': '1',
    'max-scale': '8',
    'max-scale-limit': '10',
    'activation-scale': '2',
    'pod-autoscaler-class': ' hpa.autoscaling.knative.dev ',
  });
  assert.deepEqual(config, {
    ...defaultConfig(),
    containerConcurrencyTargetFraction: 0.8,
    containerConcurrencyTargetDefault: 10,
    rpsTargetDefault: 150,
    targetBurstCapacity: -1,
    stableWindowMs: 120_000,
    panicWindowPercentage: 20,
    panicThresholdPercentage: 300,
    maxScaleUpRate: 10.5,
    maxScaleDownRate: 4,
    enableScaleToZero: false,
    scaleToZeroGracePeriodMs: 45_000,
    scaleToZeroPodRetentionPeriodMs: 90_000,
    scaleDownDelayMs: 15_000,
    allowZeroInitialScale: true,
    initialScale: 0,
    minScale: 1,
    maxScale: 8,
    maxScaleLimit: 10,
    activationScale: 2,
    podAutoscalerClass: 'hpa.autoscaling.knative.dev',
  });
});

test('autoscaler config - a target percentage in (0, 1] is already a fraction (legacy form)', () => {
  const table: [string, number][] = [
    ['70', 0.7],
    ['100', 1],
    ['0.5', 0.5],
    ['1', 1],
  ];
  for (const [raw, want] of table) {
    const { config } = parseAutoscalerConfig({ 'container-concurrency-target-percentage': raw });
    assert.equal(config.containerConcurrencyTargetFraction, want, raw);
  }
});

test('autoscaler config - errors read like Knative', () => {
  const table: [Record<string, string>, string][] = [
    [
      { 'max-scale-up-rate': 'fast' },
      'failed to parse data: failed to parse "max-scale-up-rate": strconv.ParseFloat: parsing "fast": invalid syntax',
    ],
    [
      { 'enable-scale-to-zero': 'yes' },
      'failed to parse data: failed to parse "enable-scale-to-zero": strconv.ParseBool: parsing "yes": invalid syntax',
    ],
    [
      { 'min-scale': '1.5' },
      'failed to parse data: failed to parse "min-scale": strconv.ParseInt: parsing "1.5": invalid syntax',
    ],
    [
      { 'max-scale': '9999999999' },
      'failed to parse data: failed to parse "max-scale": strconv.ParseInt: parsing "9999999999": value out of range',
    ],
    [
      { 'stable-window': '60' },
      'failed to parse data: failed to parse "stable-window": time: missing unit in duration "60"',
    ],
    [
      { 'scale-down-delay': 'soon' },
      'failed to parse data: failed to parse "scale-down-delay": time: invalid duration "soon"',
    ],
    [{ 'scale-to-zero-grace-period': '0s' }, 'scale-to-zero-grace-period must be positive, was: 0s'],
    [{ 'scale-down-delay': '-1s' }, 'scale-down-delay cannot be negative, was: -1s'],
    [
      { 'scale-down-delay': '1500ms' },
      'scale-down-delay = 1.5s, must be specified with at most second precision',
    ],
    [
      { 'scale-to-zero-pod-retention-period': '-1m' },
      'scale-to-zero-pod-retention-period cannot be negative, was: -1m0s',
    ],
    [
      { 'target-burst-capacity': '-2' },
      'target-burst-capacity must be either non-negative or -1 (for unlimited), was: -2.000000',
    ],
    [
      { 'container-concurrency-target-percentage': '0' },
      'container-concurrency-target-percentage = 0.000000 is outside of valid range of (0, 100]',
    ],
    [
      { 'container-concurrency-target-percentage': '150' },
      'container-concurrency-target-percentage = 1.500000 is outside of valid range of (0, 100]',
    ],
    [
      { 'container-concurrency-target-percentage': '1', 'container-concurrency-target-default': '0.005' },
      "container-concurrency-target-percentage and container-concurrency-target-default yield target concurrency of 0.005, can't be less than 0.01",
    ],
    [
      { 'requests-per-second-target-default': '0.001' },
      'requests-per-second-target-default must be at least 0.01, was: 0.001',
    ],
    [{ 'activator-capacity': '0.5' }, 'activator-capacity = 0.5, must be at least 1'],
    [{ 'max-scale-up-rate': '0.5' }, 'max-scale-up-rate = 0.5, must be greater than 1.0'],
    [{ 'max-scale-up-rate': '1' }, 'max-scale-up-rate = 1, must be greater than 1.0'],
    [{ 'max-scale-down-rate': '-1' }, 'max-scale-down-rate = -1, must be greater than 1.0'],
    [{ 'stable-window': '1s' }, 'stable-window = 1s, must be in [6s; 1h0m0s] range'],
    [{ 'stable-window': '2h' }, 'stable-window = 2h0m0s, must be in [6s; 1h0m0s] range'],
    [{ 'stable-window': '6500ms' }, 'stable-window = 6.5s, must be specified with at most second precision'],
    [{ 'panic-window-percentage': '0.5' }, 'panic-window-percentage = 0.5, must be in [1, 100] interval'],
    [{ 'panic-window-percentage': '101' }, 'panic-window-percentage = 101, must be in [1, 100] interval'],
    [
      { 'initial-scale': '0' },
      'initial-scale = 0, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)',
    ],
    [
      { 'initial-scale': '-1', 'allow-zero-initial-scale': 'true' },
      'initial-scale = -1, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)',
    ],
    [{ 'min-scale': '-1' }, 'min-scale = -1, must be at least 0'],
    [{ 'max-scale': '-1' }, 'max-scale = -1, must be in [0, max-scale-limit(0)] range'],
    [{ 'max-scale-limit': '10' }, 'max-scale = 0, must be in [1, max-scale-limit(10)] range'],
    [
      { 'max-scale-limit': '10', 'max-scale': '11' },
      'max-scale = 11, must be in [1, max-scale-limit(10)] range',
    ],
    [{ 'max-scale-limit': '-1' }, 'max-scale-limit = -1, must be at least 0'],
    [{ 'min-scale': '5', 'max-scale': '4' }, 'min-scale (5) must be less than max-scale (4)'],
    [{ 'activation-scale': '0' }, 'activation-scale = 0, must be at least 1'],
  ];
  for (const [data, message] of table) {
    assert.throws(
      () => parseAutoscalerConfig(data),
      (err: unknown) => {
        assert.ok(err instanceof AutoscalerConfigError, JSON.stringify(data));
        assert.equal(err.code, 'EBB_AUTOSCALER_CONFIG');
        assert.equal(err.message, message, JSON.stringify(data));
        return true;
      },
    );
  }
});

test('autoscaler config - valid edge values are accepted', () => {
  const table: Record<string, string>[] = [
    { 'min-scale': '3' }, // Knative: min-scale set but max-scale not set
    { 'max-scale-limit': '10', 'max-scale': '10' },
    { 'initial-scale': '0', 'allow-zero-initial-scale': 'true' },
    { 'target-burst-capacity': '0' },
    { 'stable-window': '6s', 'panic-window-percentage': '1' },
    { 'stable-window': '1h', 'panic-window-percentage': '100' },
    { 'enable-scale-to-zero': 't', 'allow-zero-initial-scale': '0' },
  ];
  for (const data of table) assert.doesNotThrow(() => parseAutoscalerConfig(data), JSON.stringify(data));
});

test('autoscaler config - floats print as Go prints them', () => {
  const table: [number, string][] = [
    [0.5, '0.5'],
    [1, '1'],
    [100000, '100000'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5, '-2.5'],
  ];
  for (const [v, want] of table) assert.equal(formatGoFloat(v), want, String(v));
});
