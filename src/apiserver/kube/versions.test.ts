import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rocketmqSourceKind } from '../../api/eventing/index.js';
import type { KObject } from '../../api/object.js';
import { SERVICE } from '../../api/serving/index.js';
import { ApiError } from '../../errors.js';
import { isServedAt, presentAt, servedVersionsOf } from './versions.js';

test('versions - a kind is served at its stored version and the older ones it accepts, legacy groups last', () => {
  assert.deepEqual(
    servedVersionsOf(SERVICE).map((v) => `${v.group}/${v.version}`),
    ['serving.knative.dev/v1', 'serving.knative.dev/v1beta1', 'serving.knative.dev/v1alpha1'],
  );
  const rocketmq = servedVersionsOf(rocketmqSourceKind);
  assert.deepEqual(
    rocketmq.map((v) => [v.group, v.legacy]),
    [
      ['sources.knative.dev', false],
      ['sources.eventing.knative.dev', true],
    ],
  );
  assert.ok(isServedAt(SERVICE, 'serving.knative.dev', 'v1alpha1'));
  assert.ok(!isServedAt(SERVICE, 'serving.knative.dev', 'v2'));
});

test('versions - an object read at an older version is relabelled only when conversion takes it back exactly', () => {
  const ksvc = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'a', namespace: 'default' },
    spec: { template: { spec: { containers: [{ image: 'x' }] } } },
  } as unknown as KObject;
  assert.equal(presentAt(SERVICE, ksvc, 'serving.knative.dev/v1'), ksvc);
  const old = presentAt(SERVICE, ksvc, 'serving.knative.dev/v1alpha1');
  assert.equal(old.apiVersion, 'serving.knative.dev/v1alpha1');
  assert.deepEqual(old.spec, ksvc.spec);
  const lossy = { ...SERVICE, convert: (o: KObject) => ({ ...o, spec: {} }) };
  assert.throws(
    () => presentAt(lossy, ksvc, 'serving.knative.dev/v1alpha1'),
    (err: unknown) =>
      err instanceof ApiError &&
      err.status === 500 &&
      /read it at serving\.knative\.dev\/v1/.test(err.message),
  );
});
