import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiServerSourceKind } from './api-server-source.js';
import { containerSourceKind } from './container-source.js';
import { pingSourceKind } from './ping-source.js';
import { rocketmqSourceKind } from './rocketmq-source.js';
import { sinkBindingKind } from './sink-binding.js';
import { admit, fields, manifest, testContext } from './testing.js';

const sink = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'order' } };

const rocketmq = (spec: Record<string, unknown>) =>
  manifest(rocketmqSourceKind, { topic: 'orders', consumerGroup: 'GID_orders', sink, ...spec });

test('rocketmqsource - a valid source passes with selector TAG * by default', () => {
  const { obj, err } = admit(rocketmqSourceKind, rocketmq({ endpoints: '127.0.0.1:8081' }));
  assert.ok(err.isEmpty, err.toString());
  assert.deepEqual(obj.spec.selector, { type: 'TAG', expression: '*' });
  assert.equal(obj.spec.sink.ref.namespace, 'default');
  const sql = admit(rocketmqSourceKind, rocketmq({ selector: { type: 'SQL92', expression: 'a > 1' } }));
  assert.ok(sql.err.isEmpty, sql.err.toString());
});

test('rocketmqsource - the data-format annotation takes body or message and names itself when wrong', () => {
  for (const format of ['body', 'message']) {
    const obj = rocketmq({});
    obj.metadata.annotations = { 'ebb.dev/rocketmq-data-format': format };
    const { err } = admit(rocketmqSourceKind, obj);
    assert.ok(err.isEmpty, err.toString());
  }
  const obj = rocketmq({});
  obj.metadata.annotations = { 'ebb.dev/rocketmq-data-format': 'xml' };
  const { err } = admit(rocketmqSourceKind, obj);
  assert.deepEqual(
    err.causes().map((c) => [c.field, c.message]),
    [
      [
        'metadata.annotations[ebb.dev/rocketmq-data-format]',
        'invalid value: xml: expected one of body, message',
      ],
    ],
  );
});

test('rocketmqsource - needs a topic', () => {
  const { err } = admit(rocketmqSourceKind, rocketmq({ topic: undefined }));
  assert.deepEqual(
    err.causes().map((c) => [c.field, c.message]),
    [['spec.topic', 'missing field(s)']],
  );
});

test('rocketmqsource - needs a consumer group (consumerGroup or groupName)', () => {
  const { err } = admit(rocketmqSourceKind, rocketmq({ consumerGroup: undefined }));
  assert.deepEqual(fields(err), ['spec.consumerGroup', 'spec.groupName']);
  assert.equal(err.causes()[0]!.message.split(':')[0], 'expected exactly one, got neither');
  const seedShape = admit(
    rocketmqSourceKind,
    rocketmq({ consumerGroup: undefined, groupName: 'GID_Knative' }),
  );
  assert.ok(seedShape.err.isEmpty, seedShape.err.toString());
  const conflict = admit(rocketmqSourceKind, rocketmq({ groupName: 'GID_other' })).err;
  assert.deepEqual(fields(conflict), ['spec.consumerGroup', 'spec.groupName']);
});

test('rocketmqsource - names, addresses, selector, secret ref and sink are checked', () => {
  const { err } = admit(
    rocketmqSourceKind,
    rocketmq({
      topic: 'orders topic',
      consumerGroup: 'g'.repeat(256),
      endpoints: 'localhost',
      namesrvAddr: 'http://ns.example.com:80;127.0.0.1:9876',
      selector: { type: 'REGEX', expression: '' },
      accessToken: { secretKeyRef: { name: 's' } },
      sink: {},
      ceOverrides: { extensions: { Bad: 'x' } },
    }),
  );
  assert.deepEqual(fields(err), [
    'spec.accessToken.secretKeyRef.key',
    'spec.ceOverrides.extensions[Bad]',
    'spec.consumerGroup',
    'spec.endpoints',
    'spec.selector.expression',
    'spec.selector.type',
    'spec.sink',
    'spec.topic',
  ]);
  assert.deepEqual(fields(admit(rocketmqSourceKind, rocketmq({ topic: 't'.repeat(128) })).err), [
    'spec.topic',
  ]);
  assert.deepEqual(
    fields(admit(rocketmqSourceKind, rocketmq({ selector: { type: 'TAG', expression: 'a||' } })).err),
    ['spec.selector.expression'],
  );
});

const ping = (spec: Record<string, unknown>) =>
  manifest(pingSourceKind, { schedule: '*/1 * * * *', sink, ...spec });

test('pingsource - defaults the schedule to every minute', () => {
  const { obj, err } = admit(
    pingSourceKind,
    manifest(pingSourceKind, { sink, data: '{"a":1}', contentType: 'application/json' }),
  );
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.spec.schedule, '* * * * *');
});

test('pingsource - data and dataBase64 are mutually exclusive', () => {
  const { err } = admit(pingSourceKind, ping({ data: 'x', dataBase64: 'eA==' }));
  assert.deepEqual(
    err.causes().map((c) => [c.field, c.message]),
    [
      ['spec.data', 'expected exactly one, got both'],
      ['spec.dataBase64', 'expected exactly one, got both'],
    ],
  );
});

test('pingsource - bad schedule, timezone, JSON data and base64', () => {
  const schedule = admit(pingSourceKind, ping({ schedule: 'every minute' })).err;
  assert.deepEqual(
    schedule.causes().map((c) => [c.field, c.message]),
    [['spec.schedule', 'invalid value: expected 5 to 6 fields, found 2: [every minute]']],
  );
  assert.deepEqual(fields(admit(pingSourceKind, ping({ timezone: 'Mars/Base' })).err), ['spec.timezone']);
  assert.deepEqual(fields(admit(pingSourceKind, ping({ data: '{', contentType: 'application/json' })).err), [
    'spec.data',
  ]);
  assert.deepEqual(fields(admit(pingSourceKind, ping({ dataBase64: 'not base64!' })).err), [
    'spec.dataBase64',
  ]);
  assert.deepEqual(fields(admit(pingSourceKind, ping({ sink: undefined })).err), ['spec.sink']);
});

test('pingsource - data-max-size from config-ping-defaults', () => {
  const ctx = testContext({ 'knative-eventing/config-ping-defaults': { 'data-max-size': '4' } });
  assert.deepEqual(fields(admit(pingSourceKind, ping({ data: 'hello' }), ctx).err), ['spec.data']);
  assert.ok(admit(pingSourceKind, ping({ data: 'hi' }), ctx).err.isEmpty);
});

test('containersource - needs containers with an image or a command', () => {
  const none = admit(
    containerSourceKind,
    manifest(containerSourceKind, { sink, template: { spec: { containers: [] } } }),
  ).err;
  assert.deepEqual(fields(none), ['spec.template.spec.containers']);
  const { obj, err } = admit(
    containerSourceKind,
    manifest(containerSourceKind, {
      sink,
      template: { spec: { containers: [{ command: ['node', 'a.js'] }, { env: [] }] } },
    }),
  );
  assert.equal(obj.spec.template.spec.containers[0].name, 'x-0');
  assert.deepEqual(fields(err), [
    'spec.template.spec.containers',
    'spec.template.spec.containers[1].command',
    'spec.template.spec.containers[1].image',
  ]);
});

test('sinkbinding - subject needs apiVersion, kind and a name or a selector', () => {
  const ok = admit(
    sinkBindingKind,
    manifest(sinkBindingKind, { sink, subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' } }),
  );
  assert.ok(ok.err.isEmpty, ok.err.toString());
  assert.equal(ok.obj.spec.subject.namespace, 'default');
  const { err } = admit(
    sinkBindingKind,
    manifest(sinkBindingKind, { sink, subject: { kind: 'Deployment' } }),
  );
  assert.deepEqual(fields(err), ['spec.subject.apiVersion', 'spec.subject.name', 'spec.subject.selector']);
  const both = admit(
    sinkBindingKind,
    manifest(sinkBindingKind, {
      sink,
      subject: { apiVersion: 'v1', kind: 'Pod', name: 'p', selector: { matchLabels: { a: 'b' } } },
    }),
  ).err;
  assert.equal(both.causes()[0]!.message, 'expected exactly one, got both');
  assert.deepEqual(fields(admit(sinkBindingKind, manifest(sinkBindingKind, { sink })).err), ['spec.subject']);
});

test('apiserversource - resources and mode', () => {
  const ok = admit(
    apiServerSourceKind,
    manifest(apiServerSourceKind, { sink, resources: [{ apiVersion: 'v1', kind: 'Event' }] }),
  );
  assert.ok(ok.err.isEmpty, ok.err.toString());
  assert.equal(ok.obj.spec.mode, 'Reference');
  assert.equal(ok.obj.spec.serviceAccountName, 'default');
  const { err } = admit(
    apiServerSourceKind,
    manifest(apiServerSourceKind, {
      sink,
      mode: 'Everything',
      resources: [{ apiVersion: 'v1' }, { apiVersion: 'Not A Version', kind: 'X' }],
    }),
  );
  assert.deepEqual(fields(err), ['spec.mode', 'spec.resources[0].kind', 'spec.resources[1].apiVersion']);
  assert.deepEqual(fields(admit(apiServerSourceKind, manifest(apiServerSourceKind, { sink })).err), [
    'spec.resources',
  ]);
});
