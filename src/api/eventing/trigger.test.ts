import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admit, fields, manifest, testContext } from './testing.js';
import { triggerKind } from './trigger.js';

const subscriber = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'order-service' } };
const trigger = (spec: Record<string, unknown>, metadata = {}) =>
  manifest(triggerKind, { broker: 'order', subscriber, ...spec }, metadata);

test('trigger - a valid trigger passes and gets Knative defaults', () => {
  const { obj, err } = admit(
    triggerKind,
    trigger({
      filter: { attributes: { type: 'order.created', source: '' } },
      filters: [{ exact: { type: 'a' } }],
    }),
  );
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.metadata.labels?.['eventing.knative.dev/broker'], 'order');
  assert.equal(obj.spec.subscriber.ref.namespace, 'default');
  const { obj: bare } = admit(triggerKind, manifest(triggerKind, { broker: 'b', subscriber }));
  assert.deepEqual(bare.spec.filter, {});
});

test('trigger - needs a subscriber', () => {
  const { err } = admit(triggerKind, manifest(triggerKind, { broker: 'order' }));
  assert.deepEqual(err.causes(), [
    { field: 'spec.subscriber', message: 'expected at least one, got none', reason: 'FieldValueRequired' },
  ]);
});

test('trigger - needs a broker (v1 has no default)', () => {
  const { err } = admit(triggerKind, manifest(triggerKind, { subscriber }));
  assert.deepEqual(
    err.causes().map((c) => [c.field, c.message]),
    [['spec.broker', 'missing field(s)']],
  );
  assert.deepEqual(fields(admit(triggerKind, trigger({ broker: '' })).err), ['spec.broker']);
});

test('trigger - a v1alpha1 trigger without a broker means "default"', () => {
  const input = { ...manifest(triggerKind, { subscriber }), apiVersion: 'eventing.knative.dev/v1alpha1' };
  const { obj, err } = admit(triggerKind, input);
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.spec.broker, 'default');
});

test('trigger - attribute filter keys must be lowercase alphanumeric', () => {
  const { err } = admit(
    triggerKind,
    trigger({ filter: { attributes: { Type: 'x', ok: 'y', 'my-ext': 'z' } } }),
  );
  assert.deepEqual(fields(err), ['spec.filter.attributes[Type]', 'spec.filter.attributes[my-ext]']);
  assert.equal(err.causes()[0]!.message.split(':')[0], 'invalid key name "Type"');
});

test('trigger - a filters entry needs exactly one dialect', () => {
  const neither = admit(triggerKind, trigger({ filters: [{}] })).err;
  assert.deepEqual(
    neither.causes().map((c) => [c.field, c.message]),
    [['spec.filters[0]', 'expected exactly one, got neither']],
  );
  const both = admit(
    triggerKind,
    trigger({ filters: [{ exact: { type: 'a' } }, { exact: { type: 'a' }, prefix: { type: 'b' } }] }),
  ).err;
  assert.deepEqual(fields(both), ['spec.filters[1]']);
  assert.match(both.causes()[0]!.message, /^expected exactly one, got both/);
});

test('trigger - nested filters are validated with their paths', () => {
  const { err } = admit(
    triggerKind,
    trigger({
      filters: [
        { all: [{ exact: { type: 'a' } }, {}] },
        { any: [{ not: { suffix: { Source: 'x' } } }] },
        { all: [{ any: [{ cesql: '' }] }] },
        { exact: { type: 'a', source: 'b' } },
      ],
    }),
  );
  assert.deepEqual(fields(err), [
    'spec.filters[0].all[1]',
    'spec.filters[1].any[0].not.suffix[Source]',
    'spec.filters[2].all[0].any[0].cesql',
    'spec.filters[3].exact',
  ]);
});

test('trigger - delivery is validated', () => {
  const { err } = admit(
    triggerKind,
    trigger({ delivery: { retry: -1, backoffPolicy: 'sometimes', backoffDelay: 'PT' } }),
  );
  assert.deepEqual(fields(err), [
    'spec.delivery.backoffDelay',
    'spec.delivery.backoffPolicy',
    'spec.delivery.retry',
  ]);
});

test('trigger - annotations: delivery order, dependency, injection', () => {
  const bad = admit(
    triggerKind,
    trigger(
      {},
      {
        annotations: {
          'kafka.eventing.knative.dev/delivery.order': 'random',
          'knative.dev/dependency': '{"kind":"PingSource"}',
          'eventing.knative.dev/injection': 'enabled',
        },
      },
    ),
  ).err;
  assert.deepEqual(fields(bad), [
    'metadata.annotations[eventing.knative.dev/injection]',
    'metadata.annotations[kafka.eventing.knative.dev/delivery.order]',
    'metadata.annotations[knative.dev/dependency].apiVersion',
    'metadata.annotations[knative.dev/dependency].name',
  ]);
  const ok = admit(
    triggerKind,
    trigger({}, { annotations: { 'kafka.eventing.knative.dev/delivery.order': 'ordered' } }),
  );
  assert.ok(ok.err.isEmpty);
});

test('trigger - broker is immutable', () => {
  const ctx = testContext({}, 'update');
  const old = admit(triggerKind, trigger({})).obj;
  const next = admit(triggerKind, trigger({ broker: 'other' })).obj;
  const err = triggerKind.validateUpdate!(old, next, ctx);
  assert.deepEqual(
    err.causes().map((c) => [c.field, c.message.split(':')[0]]),
    [['spec.broker', 'Immutable fields changed (-old +new)']],
  );
  assert.ok(triggerKind.validateUpdate!(old, admit(triggerKind, trigger({ filter: {} })).obj, ctx).isEmpty);
});
