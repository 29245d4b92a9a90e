import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDelivery } from './delivery.js';
import { upgradeDestination, validateDestination } from './destination.js';
import { fields } from './testing.js';

test('destination - needs a ref or a uri', () => {
  const err = validateDestination({}).viaField('spec', 'subscriber');
  assert.deepEqual(err.causes(), [
    { field: 'spec.subscriber', message: 'expected at least one, got none', reason: 'FieldValueRequired' },
  ]);
  assert.deepEqual(fields(validateDestination(undefined).viaField('sink')), ['sink']);
});

test('destination - accepts a ref, an absolute uri, or a ref with a relative path', () => {
  assert.ok(validateDestination({ ref: { apiVersion: 'v1', kind: 'Service', name: 's' } }).isEmpty);
  assert.ok(validateDestination({ uri: 'http://example.com/hook' }).isEmpty);
  assert.ok(
    validateDestination({ ref: { apiVersion: 'v1', kind: 'Service', name: 's' }, uri: '/path' }).isEmpty,
  );
});

test('destination - rejects a relative uri alone, a ref with an absolute uri, an incomplete ref', () => {
  assert.deepEqual(fields(validateDestination({ uri: '/relative' })), ['uri']);
  const both = validateDestination({
    ref: { apiVersion: 'v1', kind: 'Service', name: 's' },
    uri: 'http://x/',
  });
  assert.deepEqual(fields(both), ['ref', 'uri']);
  assert.match(both.causes()[0]!.message, /Absolute URI is not allowed/);
  const ref = validateDestination({ ref: { kind: 'Service' } }).viaField('spec', 'sink');
  assert.deepEqual(fields(ref), ['spec.sink.ref.apiVersion', 'spec.sink.ref.name']);
  assert.equal(ref.causes()[0]!.message, 'missing field(s)');
});

test('destination - a ref in another namespace is mismatched', () => {
  const err = validateDestination(
    { ref: { apiVersion: 'v1', kind: 'Service', name: 's', namespace: 'b' } },
    'a',
  );
  assert.deepEqual(fields(err), ['ref.namespace']);
  assert.match(err.causes()[0]!.message, /^mismatched namespaces/);
});

test('destination - upgrade moves the inline form under ref and upgrades known apiVersions', () => {
  const input = { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'Broker', name: 'order' };
  assert.deepEqual(upgradeDestination(input), {
    ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'order' },
  });
  assert.deepEqual(input.apiVersion, 'eventing.knative.dev/v1alpha1', 'input untouched');
  const unknown = { ref: { apiVersion: 'example.com/v1alpha1', kind: 'Thing', name: 't' }, uri: '/x' };
  assert.deepEqual(upgradeDestination(unknown), unknown);
});

test('delivery - valid spec passes', () => {
  const ok = validateDelivery({
    retry: 3,
    backoffPolicy: 'linear',
    backoffDelay: 'PT0.5S',
    timeout: 'PT10S',
    retryAfterMax: 'PT1M',
    deadLetterSink: { uri: 'http://dls.example.com' },
    format: 'json',
  });
  assert.ok(ok.isEmpty, ok.toString());
});

test('delivery - each bad field is named', () => {
  const cases: [unknown, string, string][] = [
    [{ backoffDelay: 'PT' }, 'spec.delivery.backoffDelay', 'invalid value: PT'],
    [{ backoffPolicy: 'sometimes' }, 'spec.delivery.backoffPolicy', 'invalid value: sometimes'],
    [{ retry: -1 }, 'spec.delivery.retry', 'invalid value: -1'],
    [{ retry: 1.5 }, 'spec.delivery.retry', 'invalid value: 1.5'],
    [{ timeout: '10s' }, 'spec.delivery.timeout', 'invalid value: 10s'],
    [{ retryAfterMax: '-PT1S' }, 'spec.delivery.retryAfterMax', 'invalid value: -PT1S'],
    [{ format: 'xml' }, 'spec.delivery.format', 'invalid value: xml'],
    [{ deadLetterSink: {} }, 'spec.delivery.deadLetterSink', 'expected at least one, got none'],
  ];
  for (const [delivery, field, message] of cases) {
    const causes = validateDelivery(delivery).viaField('spec', 'delivery').causes();
    assert.deepEqual(
      causes.map((c) => [c.field, c.message]),
      [[field, message]],
      JSON.stringify(delivery),
    );
  }
  assert.equal(
    validateDelivery({ backoffDelay: 'PT' }).viaField('spec', 'delivery').toString(),
    'invalid value: PT: spec.delivery.backoffDelay',
  );
});
