import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAutoscalingAnnotations, validateAutoscalingAnnotations } from './autoscaling-annotations.js';

const limits = { maxScaleLimit: 0, allowZeroInitialScale: false };
const A = 'autoscaling.knative.dev/';
const causes = (anns: Record<string, string>, l = limits) =>
  validateAutoscalingAnnotations(anns, l)
    .viaField('metadata', 'annotations')
    .causes()
    .map((c) => `${c.field}: ${c.message}`);

describe('autoscaling annotations', () => {
  it('autoscaling - valid old and new names pass', () => {
    assert.deepEqual(causes({ [`${A}minScale`]: '1', [`${A}maxScale`]: '20' }), []);
    assert.deepEqual(
      causes({
        [`${A}min-scale`]: '0',
        [`${A}max-scale`]: '5',
        [`${A}initial-scale`]: '2',
        [`${A}target`]: '0.5',
        [`${A}target-utilization-percentage`]: '70',
        [`${A}metric`]: 'rps',
        [`${A}class`]: 'kpa.autoscaling.knative.dev',
        [`${A}window`]: '1m30s',
        [`${A}panic-window-percentage`]: '10',
        [`${A}panic-threshold-percentage`]: '200',
        [`${A}scale-down-delay`]: '15m',
        [`${A}scale-to-zero-pod-retention-period`]: '1m',
      }),
      [],
    );
  });

  it('autoscaling - messages follow Knative', () => {
    assert.deepEqual(causes({ [`${A}max-scale`]: '-1' }), [
      `metadata.annotations.${A}max-scale: expected 0 <= -1 <= 2147483647`,
    ]);
    assert.deepEqual(causes({ [`${A}minScale`]: '5', [`${A}maxScale`]: '2' }), [
      `metadata.annotations.${A}maxScale: max-scale=2 is less than min-scale=5`,
      `metadata.annotations.${A}minScale: max-scale=2 is less than min-scale=5`,
    ]);
    assert.deepEqual(causes({ [`${A}window`]: '2h' }), [
      `metadata.annotations.${A}window: expected 6s <= 2h <= 1h0m0s`,
    ]);
    assert.deepEqual(causes({ [`${A}window`]: '6500ms' }), [
      `metadata.annotations.${A}window: must be specified with at most second precision`,
    ]);
    assert.deepEqual(causes({ [`${A}scale-down-delay`]: '-1s' }), [
      `metadata.annotations.${A}scale-down-delay: expected 0s <= -1s <= 1h0m0s`,
    ]);
    assert.deepEqual(causes({ [`${A}target-utilization-percentage`]: '101' }), [
      `metadata.annotations.${A}target-utilization-percentage: expected 1 <= 101 <= 100`,
    ]);
    assert.deepEqual(causes({ [`${A}target`]: '0.001' }), [
      `metadata.annotations.${A}target: invalid value: 0.001`,
    ]);
    assert.deepEqual(causes({ [`${A}metric`]: 'cpu' }), [
      `metadata.annotations.${A}metric: invalid value: cpu`,
    ]);
    assert.deepEqual(causes({ [`${A}class`]: 'foo.knative.dev' }), [
      `metadata.annotations.${A}class: invalid value: foo.knative.dev`,
    ]);
    assert.deepEqual(causes({ [`${A}initial-scale`]: '0' }), [
      `metadata.annotations.${A}initial-scale: invalid value: 0`,
    ]);
    assert.deepEqual(causes({ [`${A}initial-scale`]: '0' }, { ...limits, allowZeroInitialScale: true }), []);
    assert.deepEqual(causes({ [`${A}max-scale`]: '50' }, { ...limits, maxScaleLimit: 10 }), [
      `metadata.annotations.${A}max-scale: expected 1 <= 50 <= 10`,
    ]);
  });

  it('autoscaling - parse returns numbers and milliseconds', () => {
    assert.deepEqual(
      parseAutoscalingAnnotations({
        [`${A}minScale`]: '1',
        [`${A}maxScale`]: '20',
        [`${A}window`]: '1m',
        [`${A}scaleDownDelay`]: '30s',
        [`${A}target`]: '10',
        [`${A}metric`]: 'concurrency',
        [`${A}initial-scale`]: 'bad',
        unrelated: 'x',
      }),
      {
        metric: 'concurrency',
        minScale: 1,
        maxScale: 20,
        target: 10,
        windowMs: 60_000,
        scaleDownDelayMs: 30_000,
      },
    );
    assert.deepEqual(parseAutoscalingAnnotations(undefined), {});
    assert.equal(parseAutoscalingAnnotations({ [`${A}min-scale`]: '2', [`${A}minScale`]: '3' }).minScale, 2);
  });
});
