import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../../api/object.js';
import { makeConfiguration, makeRoute } from './children.js';

const service: KObject = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: {
    name: 'hello',
    namespace: 'default',
    uid: 'u-1',
    labels: { team: 'a' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'x' },
  },
  spec: {
    template: {
      metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '1' } },
      spec: { containerConcurrency: 10 },
    },
    traffic: [
      { latestRevision: true, percent: 80 },
      { revisionName: 'hello-00001', percent: 20, tag: 'old' },
    ],
  },
};

test('service resources - configuration copies the template, labels and owner', () => {
  const c = makeConfiguration(service);
  assert.equal(c.kind, 'Configuration');
  assert.equal(c.metadata.name, 'hello');
  assert.deepEqual(c.metadata.labels, {
    team: 'a',
    'serving.knative.dev/service': 'hello',
    'serving.knative.dev/serviceUID': 'u-1',
  });
  assert.deepEqual(c.metadata.annotations, { note: 'x' });
  assert.equal(c.metadata.ownerReferences?.[0]?.uid, 'u-1');
  assert.equal(c.spec.template.spec.containerConcurrency, 10);
  assert.equal(c.spec.template.metadata.labels['serving.knative.dev/service'], 'hello');
  assert.equal(service.spec.template.metadata.labels, undefined, 'input not mutated');
});

test('service resources - route maps latestRevision targets to the configuration', () => {
  const r = makeRoute(service);
  assert.deepEqual(r.spec.traffic, [
    { configurationName: 'hello', latestRevision: true, percent: 80 },
    { tag: 'old', revisionName: 'hello-00001', latestRevision: false, percent: 20 },
  ]);
  const noTraffic = makeRoute({ ...service, spec: { template: {} } });
  assert.deepEqual(noTraffic.spec.traffic, [
    { configurationName: 'hello', latestRevision: true, percent: 100 },
  ]);
});
