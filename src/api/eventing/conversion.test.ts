import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { KObject } from '../object.js';
import { brokerKind } from './broker.js';
import { EVENTING_KINDS } from './index.js';
import { rocketmqSourceKind } from './rocketmq-source.js';
import { admit, manifest, testContext } from './testing.js';
import { triggerKind } from './trigger.js';

const SEED = '/work/shared/data/seed-sample';
const seed = (file: string): KObject => parse(readFileSync(`${SEED}/${file}`, 'utf8')) as KObject;

test('conversion - the seed broker.yaml becomes a v1 Broker with its channel template kept aside', () => {
  const input = seed('broker.yaml');
  const before = structuredClone(input);
  const { obj, err } = admit(brokerKind, input);
  assert.deepEqual(input, before, 'convert does not mutate its input');
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.apiVersion, 'eventing.knative.dev/v1');
  assert.equal(obj.spec.channelTemplateSpec, undefined);
  assert.deepEqual(
    JSON.parse(obj.metadata.annotations!['ebb.dev/channel-template']!),
    before.spec.channelTemplateSpec,
  );
  assert.equal(obj.metadata.annotations!['eventing.knative.dev/broker.class'], 'MTChannelBasedBroker');
});

test('conversion - the seed trigger.yaml subscribes the v1 order-service to broker order', () => {
  const input = seed('trigger.yaml');
  const before = structuredClone(input);
  const { obj, err } = admit(triggerKind, input);
  assert.deepEqual(input, before);
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.apiVersion, 'eventing.knative.dev/v1');
  assert.equal(obj.spec.broker, 'order');
  assert.deepEqual(obj.spec.subscriber.ref, {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    name: 'order-service',
  });
});

test('conversion - the seed alirocketmqsource.yaml becomes a sources.knative.dev RocketMQSource', () => {
  const input = seed('alirocketmqsource.yaml');
  const before = structuredClone(input);
  assert.equal(input.apiVersion, 'sources.eventing.knative.dev/v1alpha1');
  const { obj, err } = admit(rocketmqSourceKind, input);
  assert.deepEqual(input, before);
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.apiVersion, 'sources.knative.dev/v1alpha1');
  assert.deepEqual(obj.spec.sink, {
    ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'order', namespace: 'default' },
  });
  for (const field of ['topic', 'groupName', 'accessToken', 'instanceId', 'serviceAccountName']) {
    assert.deepEqual(obj.spec[field], before.spec[field], field);
  }
  assert.equal(obj.spec.topic, 'topic-knative');
  assert.equal(obj.spec.groupName, 'GID_Knative');
  assert.deepEqual(obj.spec.accessToken, {
    secretKeyRef: { key: 'alirocketmqsource', name: 'alirocketmqsource-secret' },
  });
});

test('conversion - old sources, subscriptions and flows', () => {
  const ping = admit(EVENTING_KINDS.find((k) => k.kind === 'PingSource')!, {
    apiVersion: 'sources.knative.dev/v1alpha2',
    kind: 'PingSource',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      schedule: '@hourly',
      jsonData: '{"a":1}',
      sink: { ref: { apiVersion: 'serving.knative.dev/v1alpha1', kind: 'Service', name: 's' } },
    },
  });
  assert.ok(ping.err.isEmpty, ping.err.toString());
  assert.deepEqual(
    [ping.obj.spec.data, ping.obj.spec.contentType, ping.obj.spec.jsonData],
    ['{"a":1}', 'application/json', undefined],
  );
  assert.equal(ping.obj.spec.sink.ref.apiVersion, 'serving.knative.dev/v1');
  const seq = admit(EVENTING_KINDS.find((k) => k.kind === 'Sequence')!, {
    apiVersion: 'messaging.knative.dev/v1alpha1',
    kind: 'Sequence',
    metadata: { name: 'q', namespace: 'default' },
    spec: {
      channelTemplate: { apiVersion: 'messaging.knative.dev/v1alpha1', kind: 'InMemoryChannel' },
      steps: [{ ref: { apiVersion: 'serving.knative.dev/v1alpha1', kind: 'Service', name: 'a' } }],
    },
  });
  assert.ok(seq.err.isEmpty, seq.err.toString());
  assert.equal(seq.obj.apiVersion, 'flows.knative.dev/v1');
  assert.equal(seq.obj.spec.channelTemplate.apiVersion, 'messaging.knative.dev/v1');
  assert.equal(seq.obj.spec.steps[0].ref.apiVersion, 'serving.knative.dev/v1');
});

test('purity - convert never mutates, setDefaults is idempotent, validate does not write', () => {
  const samples: Record<string, unknown> = {
    Broker: {},
    Trigger: {
      broker: 'b',
      subscriber: { uri: 'http://x.example.com' },
      delivery: { deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'd' } } },
    },
    EventType: { type: 't', broker: 'b' },
    PingSource: { sink: { uri: 'http://x.example.com' } },
    SinkBinding: {
      subject: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
      sink: { uri: 'http://x.example.com' },
    },
    ContainerSource: {
      template: { spec: { containers: [{ image: 'i' }] } },
      sink: { uri: 'http://x.example.com' },
    },
    ApiServerSource: {
      resources: [{ apiVersion: 'v1', kind: 'Event' }],
      sink: { uri: 'http://x.example.com' },
    },
    RocketMQSource: {
      topic: 't',
      consumerGroup: 'g',
      sink: { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'Broker', name: 'b' },
    },
    Channel: {},
    InMemoryChannel: {},
    Subscription: {
      channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'c' },
      subscriber: { uri: 'http://x.example.com' },
    },
    Sequence: { steps: [{ uri: 'http://x.example.com' }] },
    Parallel: { branches: [{ subscriber: { uri: 'http://x.example.com' } }] },
    EventTransform: {
      jsonata: { expression: '{"specversion": "1.0", "id": id, "type": "t", "source": source}' },
    },
    JobSink: {
      job: {
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } },
      },
    },
  };
  const ctx = testContext();
  for (const def of EVENTING_KINDS) {
    const input = manifest(def, samples[def.kind]);
    input.apiVersion = `${def.group}/${def.versions[0]}`;
    const before = structuredClone(input);
    const converted = def.convert!(input);
    assert.deepEqual(input, before, `${def.kind}: convert mutated its input`);
    assert.notEqual(converted, input);
    assert.equal(converted.apiVersion, `${def.group}/${def.storedVersion}`);
    def.setDefaults!(converted, ctx);
    const once = structuredClone(converted);
    def.setDefaults!(converted, ctx);
    assert.deepEqual(converted, once, `${def.kind}: setDefaults is not idempotent`);
    const err = def.validate!(converted, ctx);
    assert.ok(err.isEmpty, `${def.kind}: ${err.toString()}`);
    assert.deepEqual(converted, once, `${def.kind}: validate wrote to the object`);
    assert.deepEqual(
      def.convert!(converted),
      converted,
      `${def.kind}: convert is not idempotent at the stored version`,
    );
  }
});

test('kinds - names, versions and conditions', () => {
  const names = new Set<string>();
  for (const def of EVENTING_KINDS) {
    assert.ok(def.versions.includes(def.storedVersion), def.kind);
    assert.equal(def.conditionTypes[0], 'Ready', def.kind);
    assert.ok(!names.has(def.plural), def.plural);
    names.add(def.plural);
  }
  const byKind = Object.fromEntries(EVENTING_KINDS.map((k) => [k.kind, k]));
  assert.deepEqual(byKind.RocketMQSource!.legacyGroups, ['sources.eventing.knative.dev']);
  assert.equal(byKind.EventType!.storedVersion, 'v1beta2');
  assert.deepEqual(
    byKind.Broker!.columns!.map((c) => c.header),
    ['URL', 'READY', 'REASON'],
  );
  const trigger: KObject = {
    ...manifest(triggerKind, { broker: 'order' }),
    status: {
      subscriberUri: 'http://127.0.0.1:1/x',
      conditions: [{ type: 'Ready', status: 'False', reason: 'BrokerDoesNotExist' }],
    },
  };
  assert.deepEqual(
    byKind.Trigger!.columns!.map((c) => [c.header, c.value(trigger)]),
    [
      ['BROKER', 'order'],
      ['SUBSCRIBER_URI', 'http://127.0.0.1:1/x'],
      ['READY', 'False'],
      ['REASON', 'BrokerDoesNotExist'],
    ],
  );
});
