import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../../api/object.js';
import { makeRevision, revisionName } from './revision.js';

const config: KObject = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Configuration',
  metadata: {
    name: 'order-service',
    namespace: 'default',
    uid: 'c-1',
    generation: 2,
    labels: { 'serving.knative.dev/service': 'order-service', 'serving.knative.dev/serviceUID': 's-1' },
  },
  spec: {
    template: {
      metadata: {
        labels: { app: 'order-service' },
        annotations: { 'autoscaling.knative.dev/maxScale': '20' },
      },
      spec: { containerConcurrency: 10, containers: [{ image: 'x' }] },
    },
  },
};

test('revision resources - named by generation, five digits', () => {
  assert.equal(revisionName(config), 'order-service-00002');
  const named = {
    ...config,
    spec: { template: { ...config.spec.template, metadata: { name: 'order-service-blue' } } },
  };
  assert.equal(revisionName(named), 'order-service-blue');
});

test('revision resources - snapshot of the template with Knative labels', () => {
  const r = makeRevision(config);
  assert.equal(r.metadata.name, 'order-service-00002');
  assert.deepEqual(r.metadata.labels, {
    app: 'order-service',
    'serving.knative.dev/configuration': 'order-service',
    'serving.knative.dev/configurationGeneration': '2',
    'serving.knative.dev/configurationUID': 'c-1',
    'serving.knative.dev/service': 'order-service',
    'serving.knative.dev/serviceUID': 's-1',
  });
  assert.equal(r.metadata.annotations?.['autoscaling.knative.dev/maxScale'], '20');
  assert.deepEqual(r.spec, { containerConcurrency: 10, containers: [{ image: 'x' }] });
  r.spec.containers[0].image = 'changed';
  assert.equal(config.spec.template.spec.containers[0].image, 'x', 'a snapshot, not a reference');
});
