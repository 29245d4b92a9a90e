import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sumCounter } from './measure.js';
import { percentile } from './sampler.js';

test('measure - sums a counter over the samples whose labels match', () => {
  const text = [
    '# HELP revision_request_count x',
    'revision_request_count{namespace_name="default",service_name="order-service",revision_name="a",response_code="200"} 10',
    'revision_request_count{namespace_name="default",service_name="order-service",revision_name="a",response_code="400"} 2',
    'revision_request_count{namespace_name="default",service_name="order-service-2",revision_name="b",response_code="200"} 99',
    'revision_request_count_other{namespace_name="default",service_name="order-service"} 5',
  ].join('\n');
  assert.equal(sumCounter(text, 'revision_request_count', { service_name: 'order-service' }), 12);
  assert.equal(sumCounter(text, 'revision_request_count', { service_name: 'none' }), 0);
});

test('measure - percentiles by nearest rank', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile([7], 99), 7);
  assert.equal(percentile([], 50), null);
});
