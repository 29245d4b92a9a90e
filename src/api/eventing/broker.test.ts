import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brokerKind } from './broker.js';
import { admit, fields, manifest, testContext } from './testing.js';

const CLASS = 'eventing.knative.dev/broker.class';

test('broker - defaults class and delivery to Knative shipped defaults without a ConfigMap', () => {
  const { obj, err } = admit(brokerKind, manifest(brokerKind, {}));
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.metadata.annotations?.[CLASS], 'MTChannelBasedBroker');
  assert.deepEqual(obj.spec.delivery, { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' });
  assert.equal(obj.spec.config, undefined);
});

test('broker - defaults come from config-br-defaults, by namespace and class', () => {
  const ctx = testContext({
    'knative-eventing/config-br-defaults': {
      'default-br-config': [
        'clusterDefault:',
        '  brokerClass: RocketMQ',
        '  apiVersion: v1',
        '  kind: ConfigMap',
        '  name: rocketmq-broker-config',
        '  namespace: knative-eventing',
        '  delivery: {retry: 3, backoffPolicy: linear, backoffDelay: PT1S}',
        'namespaceDefaults:',
        '  team-a:',
        '    brokerClass: MTChannelBasedBroker',
        '    delivery: {retry: 1}',
      ].join('\n'),
    },
  });
  const cluster = admit(brokerKind, manifest(brokerKind, {}), ctx).obj;
  assert.equal(cluster.metadata.annotations?.[CLASS], 'RocketMQ');
  assert.deepEqual(cluster.spec.delivery, { retry: 3, backoffPolicy: 'linear', backoffDelay: 'PT1S' });
  assert.deepEqual(cluster.spec.config, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'rocketmq-broker-config',
    namespace: 'knative-eventing',
  });
  const teamA = admit(brokerKind, manifest(brokerKind, {}, { namespace: 'team-a' }), ctx).obj;
  assert.equal(teamA.metadata.annotations?.[CLASS], 'MTChannelBasedBroker');
  assert.deepEqual(teamA.spec.delivery, { retry: 1 });
  const own = admit(brokerKind, manifest(brokerKind, { delivery: { retry: 0 } }), ctx).obj;
  assert.deepEqual(own.spec.delivery, { retry: 0 }, 'a broker with delivery keeps it');
});

test('broker - delivery and config are validated', () => {
  const { err } = admit(
    brokerKind,
    manifest(brokerKind, {
      config: { kind: 'ConfigMap', name: 'c' },
      delivery: { retry: -1, backoffDelay: 'PT', deadLetterSink: { uri: 'relative' } },
    }),
  );
  assert.deepEqual(fields(err), [
    'spec.config.apiVersion',
    'spec.delivery.backoffDelay',
    'spec.delivery.deadLetterSink.uri',
    'spec.delivery.retry',
  ]);
});

test('broker - an empty class annotation is missing; the class is immutable', () => {
  const empty = admit(brokerKind, manifest(brokerKind, {}, { annotations: { [CLASS]: '' } })).err;
  assert.deepEqual(
    empty.causes().map((c) => [c.field, c.message]),
    [[`metadata.annotations[${CLASS}]`, 'missing field(s)']],
  );
  const old = admit(brokerKind, manifest(brokerKind, {})).obj;
  const next = admit(brokerKind, manifest(brokerKind, {}, { annotations: { [CLASS]: 'RocketMQ' } })).obj;
  const err = brokerKind.validateUpdate!(old, next, testContext({}, 'update'));
  assert.deepEqual(fields(err), [`metadata.annotations[${CLASS}]`]);
  assert.match(err.causes()[0]!.message, /^Immutable fields changed/);
  assert.ok(brokerKind.validateUpdate!(old, old, testContext({}, 'update')).isEmpty);
});

test('broker - setDefaults is idempotent', () => {
  const ctx = testContext();
  const { obj } = admit(brokerKind, manifest(brokerKind, {}), ctx);
  const again = structuredClone(obj);
  brokerKind.setDefaults!(again, ctx);
  assert.deepEqual(again, obj);
});
