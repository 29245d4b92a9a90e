import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelKind } from './channel.js';
import { eventTypeKind } from './event-type.js';
import { inMemoryChannelKind } from './in-memory-channel.js';
import { parallelKind } from './parallel.js';
import { sequenceKind } from './sequence.js';
import { subscriptionKind } from './subscription.js';
import { admit, fields, manifest, testContext } from './testing.js';

const channel = { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'orders' };
const svc = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'handler' } };

test('subscription - needs a channel', () => {
  const { err } = admit(subscriptionKind, manifest(subscriptionKind, { subscriber: svc }));
  assert.deepEqual(err.causes(), [
    {
      field: 'spec.channel',
      message: 'missing field(s): the Subscription must reference a channel',
      reason: 'FieldValueRequired',
    },
  ]);
  assert.deepEqual(
    fields(
      admit(subscriptionKind, manifest(subscriptionKind, { channel: { name: 'c' }, subscriber: svc })).err,
    ),
    ['spec.channel.apiVersion', 'spec.channel.kind'],
  );
});

test('subscription - needs a subscriber or a reply; channel is immutable', () => {
  const { err } = admit(subscriptionKind, manifest(subscriptionKind, { channel }));
  assert.deepEqual(fields(err), ['spec.reply', 'spec.subscriber']);
  assert.match(err.causes()[0]!.message, /^expected at least one, got none/);
  const replyOnly = admit(
    subscriptionKind,
    manifest(subscriptionKind, { channel, reply: { uri: 'http://r.example.com' } }),
  );
  assert.ok(replyOnly.err.isEmpty, replyOnly.err.toString());
  const old = admit(subscriptionKind, manifest(subscriptionKind, { channel, subscriber: svc })).obj;
  const next = admit(
    subscriptionKind,
    manifest(subscriptionKind, { channel: { ...channel, name: 'b' }, subscriber: svc }),
  ).obj;
  assert.deepEqual(fields(subscriptionKind.validateUpdate!(old, next, testContext({}, 'update'))), [
    'spec.channel',
  ]);
});

test('channel - defaults an in-memory channel template, from default-ch-webhook when present', () => {
  const { obj, err } = admit(channelKind, manifest(channelKind, {}));
  assert.ok(err.isEmpty, err.toString());
  assert.deepEqual(obj.spec.channelTemplate, {
    apiVersion: 'messaging.knative.dev/v1',
    kind: 'InMemoryChannel',
  });
  const ctx = testContext({
    'knative-eventing/default-ch-webhook': {
      'default-ch-config':
        'clusterDefault:\n  apiVersion: messaging.knative.dev/v1beta1\n  kind: KafkaChannel\n',
    },
  });
  assert.equal(
    admit(channelKind, manifest(channelKind, {}), ctx).obj.spec.channelTemplate.kind,
    'KafkaChannel',
  );
  const bad = admit(channelKind, manifest(channelKind, { channelTemplate: { kind: 'InMemoryChannel' } })).err;
  assert.deepEqual(fields(bad), ['spec.channelTemplate.apiVersion']);
});

test('inmemorychannel - subscribers need a subscriberUri or replyUri', () => {
  const { err } = admit(
    inMemoryChannelKind,
    manifest(inMemoryChannelKind, {
      subscribers: [{ subscriberUri: 'http://a' }, { uid: 'x' }],
      delivery: { retry: 'x' },
    }),
  );
  assert.deepEqual(fields(err), [
    'spec.delivery.retry',
    'spec.subscribers[1].replyUri',
    'spec.subscribers[1].subscriberUri',
  ]);
});

test('sequence - needs steps, each a destination', () => {
  assert.deepEqual(fields(admit(sequenceKind, manifest(sequenceKind, {})).err), ['spec.steps']);
  const { obj, err } = admit(
    sequenceKind,
    manifest(sequenceKind, { steps: [svc, {}], reply: { uri: 'rel' } }),
  );
  assert.deepEqual(fields(err), ['spec.reply.uri', 'spec.steps[1]']);
  assert.equal(obj.spec.channelTemplate.kind, 'InMemoryChannel');
});

test('parallel - branches need a subscriber', () => {
  assert.deepEqual(fields(admit(parallelKind, manifest(parallelKind, { branches: [] })).err), [
    'spec.branches',
  ]);
  const { err } = admit(
    parallelKind,
    manifest(parallelKind, { branches: [{ subscriber: svc }, { filter: svc }] }),
  );
  assert.deepEqual(fields(err), ['spec.branches[1].subscriber']);
});

test('eventtype - needs a type; source is a URI-reference', () => {
  assert.deepEqual(fields(admit(eventTypeKind, manifest(eventTypeKind, { source: '/orders' })).err), [
    'spec.type',
  ]);
  assert.deepEqual(
    fields(admit(eventTypeKind, manifest(eventTypeKind, { type: 'order.created', source: 'has space' })).err),
    ['spec.source'],
  );
  const v1beta3 = {
    ...manifest(eventTypeKind, {
      attributes: [
        { name: 'type', value: 'order.created' },
        { name: 'source', value: '/orders' },
      ],
    }),
    apiVersion: 'eventing.knative.dev/v1beta3',
  };
  const { obj, err } = admit(eventTypeKind, v1beta3);
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.apiVersion, 'eventing.knative.dev/v1beta2');
  assert.deepEqual(obj.spec, { type: 'order.created', source: '/orders' });
});
