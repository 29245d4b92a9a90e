import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admit } from '../admission.js';
import { readSeed, seedDir } from '../common/seed-files.js';
import type { ValidationContext } from '../kind.js';
import type { KObject } from '../object.js';
import { CONFIGURATION } from './configuration.js';
import { convertServing } from './conversion.js';
import { REVISION } from './revision.js';
import { ROUTE } from './route.js';
import { SERVICE } from './service.js';

const ctx: ValidationContext = { operation: 'create', config: () => undefined };
const skip = seedDir() ? false : 'seed-sample folder not found';

const v1alpha1 = (kind: string, spec: unknown): KObject => ({
  apiVersion: 'serving.knative.dev/v1alpha1',
  kind,
  metadata: { name: 'shop', namespace: 'default' },
  spec,
});
const container = { image: 'example/shop:1' };

describe('serving conversion', () => {
  it('conversion - seed ksvc-order-service converts to v1 unchanged in substance', { skip }, () => {
    const seed = readSeed('ksvc-order-service.yaml');
    const out = admit(SERVICE, seed, ctx);
    assert.equal(out.apiVersion, 'serving.knative.dev/v1');
    const template = out.spec.template;
    assert.equal(template.spec.containerConcurrency, 10);
    assert.deepEqual(template.metadata.annotations, seed.spec.template.metadata.annotations);
    assert.deepEqual(template.metadata.annotations, {
      'autoscaling.knative.dev/maxScale': '20',
      'autoscaling.knative.dev/minScale': '1',
    });
    assert.deepEqual(template.metadata.labels, seed.spec.template.metadata.labels);
    assert.deepEqual(template.spec.containers[0].env, seed.spec.template.spec.containers[0].env);
    assert.equal(template.spec.containers[0].image, seed.spec.template.spec.containers[0].image);
    assert.deepEqual(template.spec.containers[0].ports, [{ name: 'http1', containerPort: 8080 }]);
    assert.deepEqual(out.spec.traffic, [{ latestRevision: true, percent: 100 }]);
  });

  it('conversion - runLatest with revisionTemplate and a singular container', () => {
    const out = admit(
      SERVICE,
      v1alpha1('Service', {
        runLatest: {
          configuration: {
            revisionTemplate: {
              metadata: { annotations: { 'autoscaling.knative.dev/minScale': '1' } },
              spec: { container, concurrencyModel: 'Single' },
            },
          },
        },
      }),
      ctx,
    );
    assert.deepEqual(out.spec.template.spec.containers, [
      {
        ...container,
        name: 'user-container',
        resources: {},
        readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 },
      },
    ]);
    assert.equal(out.spec.template.spec.containerConcurrency, 1);
    assert.deepEqual(out.spec.template.metadata.annotations, { 'autoscaling.knative.dev/minScale': '1' });
    assert.deepEqual(out.spec.traffic, [{ latestRevision: true, percent: 100 }]);
  });

  it('conversion - release splits traffic between current and candidate', () => {
    const out = convertServing(
      v1alpha1('Service', {
        release: {
          revisions: ['shop-00001', '@latest'],
          rolloutPercent: 20,
          configuration: { template: { spec: { containers: [container] } } },
        },
      }),
    );
    assert.deepEqual(out.spec.traffic, [
      { tag: 'current', revisionName: 'shop-00001', latestRevision: false, percent: 80 },
      { tag: 'candidate', latestRevision: true, percent: 20 },
      { tag: 'latest', latestRevision: true, percent: 0 },
    ]);
    admit(SERVICE, out, ctx);
  });

  it('conversion - pinned pins one revision', () => {
    const out = convertServing(
      v1alpha1('Service', {
        pinned: {
          revisionName: 'shop-00002',
          configuration: { template: { spec: { containers: [container] } } },
        },
      }),
    );
    assert.deepEqual(out.spec.traffic, [{ revisionName: 'shop-00002', percent: 100 }]);
  });

  it('conversion - manual mode and two modes are rejected with 422', () => {
    assert.throws(
      () => admit(SERVICE, v1alpha1('Service', { manual: {} }), ctx),
      (err: any) => err.status === 422 && err.details.causes[0].field === 'spec.manual',
    );
    assert.throws(
      () =>
        admit(
          SERVICE,
          v1alpha1('Service', { runLatest: { configuration: {} }, template: { spec: {} } }),
          ctx,
        ),
      (err: any) => err.status === 422 && /expected exactly one, got both/.test(err.message),
    );
  });

  it('conversion - container and containers together are rejected', () => {
    assert.throws(
      () => admit(REVISION, v1alpha1('Revision', { container, containers: [container] }), ctx),
      (err: any) => err.details.causes.some((c: any) => c.field === 'spec.container'),
    );
  });

  it('conversion - Configuration revisionTemplate and Route target names', () => {
    const cfg = admit(
      CONFIGURATION,
      v1alpha1('Configuration', { revisionTemplate: { spec: { container } } }),
      ctx,
    );
    assert.equal(cfg.spec.template.spec.containers[0].image, container.image);
    const rt = admit(
      ROUTE,
      v1alpha1('Route', { traffic: [{ configurationName: 'shop', percent: 100, name: 'blue' }] }),
      ctx,
    );
    assert.deepEqual(rt.spec.traffic, [
      { configurationName: 'shop', percent: 100, tag: 'blue', latestRevision: true },
    ]);
  });

  it('conversion - v1beta1 is accepted as v1', () => {
    const obj = v1alpha1('Service', { template: { spec: { containers: [container] } } });
    obj.apiVersion = 'serving.knative.dev/v1beta1';
    assert.equal(admit(SERVICE, obj, ctx).apiVersion, 'serving.knative.dev/v1');
  });
});
