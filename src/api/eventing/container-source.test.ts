import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerSourceKind } from './container-source.js';
import { admit, fields, manifest } from './testing.js';

const sink = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };
const source = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  manifest(containerSourceKind, { sink, template: { spec: { containers: [container] } }, ...extra });

test('containersource - a command with env from values, Secrets and ConfigMaps passes', () => {
  const { obj, err } = admit(
    containerSourceKind,
    source({
      command: ['ebb', 'adapter', 'rocketmq'],
      env: [
        { name: 'ROCKETMQ_TOPIC', value: 'orders' },
        { name: 'ROCKETMQ_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'mq', key: 'secret' } } },
      ],
      envFrom: [{ configMapRef: { name: 'mq-config' } }],
    }),
  );
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.spec.template.spec.containers[0].name, 'x-0');
  assert.equal(obj.spec.sink.ref.namespace, 'default');
});

test('containersource - a missing sink and a bad env are 422 causes with their field paths', () => {
  const { err } = admit(
    containerSourceKind,
    manifest(containerSourceKind, {
      template: {
        spec: { containers: [{ image: 'a', env: [{ name: '1 bad', value: 'x' }, { value: 'y' }] }] },
      },
    }),
  );
  assert.deepEqual(fields(err), [
    'spec.sink',
    'spec.template.spec.containers[0].env[0].name',
    'spec.template.spec.containers[0].env[1].name',
  ]);
  assert.equal(err.causes().find((c) => c.field === 'spec.sink')?.reason, 'FieldValueRequired');
});

test('containersource - fieldRef env is refused: a process has no pod fields', () => {
  const { err } = admit(
    containerSourceKind,
    source({ image: 'a', env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }),
  );
  assert.deepEqual(fields(err), ['spec.template.spec.containers[0].env[0].valueFrom.fieldRef']);
});

test('containersource - more than one container is refused, naming the list', () => {
  const { err } = admit(
    containerSourceKind,
    manifest(containerSourceKind, {
      sink,
      template: { spec: { containers: [{ image: 'adapter' }, { image: 'sidecar' }] } },
    }),
  );
  const [cause] = err.causes();
  assert.equal(cause?.field, 'spec.template.spec.containers');
  assert.match(cause!.message, /expected at most 1 container, got 2: .*sidecars would not run/);
});

test('containersource - a relative ebb.dev/source-dir is refused where it is written', () => {
  const obj = source({ command: ['node', 'a.js'] });
  obj.metadata.annotations = { 'ebb.dev/source-dir': 'relative/dir' };
  obj.spec.template.metadata = { annotations: { 'ebb.dev/source-dir': '/abs/ok' } };
  assert.deepEqual(fields(admit(containerSourceKind, obj).err), ['metadata.annotations[ebb.dev/source-dir]']);
  obj.metadata.annotations = {};
  obj.spec.template.metadata.annotations['ebb.dev/source-dir'] = 'rel';
  assert.deepEqual(fields(admit(containerSourceKind, obj).err), [
    'spec.template.metadata.annotations[ebb.dev/source-dir]',
  ]);
});

test('containersource - columns are the CRD printer columns: SINK, AGE, READY, REASON', () => {
  assert.deepEqual(
    containerSourceKind.columns?.map((c) => c.header),
    ['SINK', 'AGE', 'READY', 'REASON'],
  );
  assert.deepEqual(containerSourceKind.conditionTypes, ['Ready', 'SinkBindingReady', 'ReceiveAdapterReady']);
});
