import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admit } from '../admission.js';
import type { KObject } from '../object.js';
import { CONFIGURATION } from './configuration.js';
import { REVISION } from './revision.js';
import { ROUTE } from './route.js';
import { SERVICE } from './service.js';
import { causesOf, ctx, expectCause, ksvc, route } from './testing.js';

const T = 'spec.template.metadata.annotations';
const C = 'spec.template.spec.containers[0]';

const invalidServices: [string, (s: any) => void, string, string][] = [
  ['bad name', (s) => (s.metadata.name = 'My_Svc'), 'metadata.name', 'RFC 1123 subdomain'],
  ['name starting with a digit', (s) => (s.metadata.name = '1svc'), 'metadata.name', 'not a DNS 1035 label'],
  [
    'containerConcurrency 1001',
    (s) => (s.spec.template.spec.containerConcurrency = 1001),
    'spec.template.spec.containerConcurrency',
    'expected 0 <= 1001 <= 1000',
  ],
  [
    'timeoutSeconds 601',
    (s) => (s.spec.template.spec.timeoutSeconds = 601),
    'spec.template.spec.timeoutSeconds',
    'expected 0 <= 601 <= 600',
  ],
  [
    'min-scale not a number',
    (s) => (s.spec.template.metadata.annotations['autoscaling.knative.dev/min-scale'] = 'abc'),
    `${T}.autoscaling.knative.dev/min-scale`,
    'invalid value: abc',
  ],
  [
    'minScale (old name) not a number',
    (s) => (s.spec.template.metadata.annotations['autoscaling.knative.dev/minScale'] = 'abc'),
    `${T}.autoscaling.knative.dev/minScale`,
    'invalid value: abc',
  ],
  [
    'min > max',
    (s) =>
      Object.assign(s.spec.template.metadata.annotations, {
        'autoscaling.knative.dev/min-scale': '5',
        'autoscaling.knative.dev/max-scale': '2',
      }),
    `${T}.autoscaling.knative.dev/max-scale`,
    'max-scale=2 is less than min-scale=5',
  ],
  [
    'window 1s',
    (s) => (s.spec.template.metadata.annotations['autoscaling.knative.dev/window'] = '1s'),
    `${T}.autoscaling.knative.dev/window`,
    'expected 6s <= 1s <= 1h0m0s',
  ],
  [
    'old and new name both set',
    (s) =>
      Object.assign(s.spec.template.metadata.annotations, {
        'autoscaling.knative.dev/minScale': '1',
        'autoscaling.knative.dev/min-scale': '1',
      }),
    `${T}.autoscaling.knative.dev/minScale`,
    'multiple keys set',
  ],
  [
    'autoscaling annotation on the Service itself',
    (s) => (s.metadata.annotations = { 'autoscaling.knative.dev/minScale': '1' }),
    'metadata.annotations',
    'invalid key name "autoscaling.knative.dev/minScale"',
  ],
  [
    'relative ebb.dev/source-dir on the template',
    (s) => (s.spec.template.metadata.annotations['ebb.dev/source-dir'] = 'examples/hello'),
    `${T}[ebb.dev/source-dir]`,
    'invalid value: examples/hello',
  ],
  [
    'relative ebb.dev/source-dir on the Service',
    (s) => (s.metadata.annotations = { 'ebb.dev/source-dir': './here' }),
    'metadata.annotations[ebb.dev/source-dir]',
    'invalid value: ./here',
  ],
  [
    'neither image nor command',
    (s) => delete s.spec.template.spec.containers[0].image,
    `${C}.image`,
    'missing field(s)',
  ],
  [
    'no containers',
    (s) => (s.spec.template.spec.containers = []),
    'spec.template.spec.containers',
    'missing field(s)',
  ],
  [
    'two ports',
    (s) => s.spec.template.spec.containers[0].ports.push({ containerPort: 9090 }),
    'spec.template.spec.containers[*].ports',
    'more than one container port is set',
  ],
  [
    'bad port name',
    (s) => (s.spec.template.spec.containers[0].ports[0].name = 'grpc'),
    `${C}.ports`,
    'Port name grpc is not allowed',
  ],
  [
    'port out of range',
    (s) => (s.spec.template.spec.containers[0].ports[0].containerPort = 70000),
    `${C}.ports.containerPort`,
    'expected 1 <= 70000 <= 65535',
  ],
  [
    'two containers with ports',
    (s) =>
      s.spec.template.spec.containers.push({ image: 'example.com/bb', ports: [{ containerPort: 9000 }] }),
    'spec.template.spec.containers[*].ports',
    'more than one container port is set',
  ],
  [
    'env valueFrom fieldRef',
    (s) =>
      (s.spec.template.spec.containers[0].env = [
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      ]),
    `${C}.env[0].valueFrom.fieldRef`,
    'not supported',
  ],
  [
    'env valueFrom with two refs',
    (s) =>
      (s.spec.template.spec.containers[0].env = [
        {
          name: 'A',
          valueFrom: { secretKeyRef: { name: 's', key: 'k' }, configMapKeyRef: { name: 'c', key: 'k' } },
        },
      ]),
    `${C}.env[0].valueFrom.secretKeyRef`,
    'expected exactly one, got both',
  ],
  [
    'env name invalid',
    (s) => (s.spec.template.spec.containers[0].env = [{ name: '1A', value: 'x' }]),
    `${C}.env[0].name`,
    'valid environment variable name',
  ],
  [
    'probe with two handlers',
    (s) => (s.spec.template.spec.containers[0].readinessProbe = { httpGet: {}, tcpSocket: {} }),
    `${C}.readinessProbe.httpGet`,
    'expected exactly one, got both',
  ],
  [
    'liveness probe without handler',
    (s) => (s.spec.template.spec.containers[0].livenessProbe = { periodSeconds: 5 }),
    `${C}.livenessProbe.exec`,
    'expected exactly one, got neither',
  ],
  [
    'probe port naming another port',
    (s) => (s.spec.template.spec.containers[0].readinessProbe = { httpGet: { port: 'metrics' } }),
    `${C}.readinessProbe.httpGet.port`,
    'Probe port must match container port',
  ],
  [
    'revision name without the Service prefix',
    (s) => (s.spec.template.metadata.name = 'other-v1'),
    'spec.template.metadata.name',
    'must have prefix "order-service-"',
  ],
  [
    'traffic sum 90',
    (s) => (s.spec.traffic = [{ latestRevision: true, percent: 90 }]),
    'spec.traffic',
    'Traffic targets sum to 90, want 100',
  ],
  [
    'revisionName and latestRevision',
    (s) => (s.spec.traffic = [{ revisionName: 'order-service-v1', latestRevision: true, percent: 100 }]),
    'spec.traffic[0].revisionName',
    'expected exactly one, got both',
  ],
  [
    'latestRevision false without revisionName',
    (s) => (s.spec.traffic = [{ latestRevision: false, percent: 100 }]),
    'spec.traffic[0].revisionName',
    'missing field(s)',
  ],
  [
    'configurationName on a Service',
    (s) => (s.spec.traffic = [{ configurationName: 'x', latestRevision: true, percent: 100 }]),
    'spec.traffic[0].configurationName',
    'must not set',
  ],
  [
    'duplicate tags',
    (s) =>
      (s.spec.traffic = [
        { latestRevision: true, percent: 50, tag: 'candidate' },
        { revisionName: 'order-service-v1', percent: 50, tag: 'candidate' },
      ]),
    'spec.traffic[1].tag',
    'Multiple definitions for "candidate"',
  ],
  [
    'tag not a DNS label',
    (s) => (s.spec.traffic = [{ latestRevision: true, percent: 100, tag: 'Blue_Green' }]),
    'spec.traffic.tag[0]',
    'not a DNS 1035 label',
  ],
  [
    'url is read-only',
    (s) => (s.spec.traffic = [{ latestRevision: true, percent: 100, url: 'http://x' }]),
    'spec.traffic[0].url',
    'must not set',
  ],
  [
    'percent over 100',
    (s) => (s.spec.traffic = [{ latestRevision: true, percent: 101 }]),
    'spec.traffic[0].percent',
    'expected 0 <= 101 <= 100',
  ],
  [
    'unknown field (typo)',
    (s) => (s.spec.template.spec.containerconcurrency = 1),
    'spec.template.spec.containerconcurrency',
    'unknown field',
  ],
  [
    'wrong type',
    (s) => (s.spec.template.spec.containers = 'nginx'),
    'spec.template.spec.containers',
    'expected array, got string',
  ],
];

describe('serving - the ebb.dev/source-dir annotation', () => {
  it('service - an absolute ebb.dev/source-dir is admitted on the Service and its template', () => {
    const svc = ksvc((s) => {
      s.metadata.annotations = { 'ebb.dev/source-dir': '/srv/app' };
      s.spec.template.metadata.annotations['ebb.dev/source-dir'] = '/srv/app';
    });
    assert.doesNotThrow(() => admit(SERVICE, svc, ctx()));
  });
});

describe('serving - invalid manifests', () => {
  for (const [name, mutate, field, message] of invalidServices) {
    it(`service - rejects ${name} at ${field}`, () =>
      expectCause(causesOf(SERVICE, ksvc(mutate)), field, message));
  }

  it('service - missing spec.template: its containers are what is missing, as Knative says', () => {
    expectCause(
      causesOf(
        SERVICE,
        ksvc((s) => delete s.spec.template),
      ),
      'spec.template.spec.containers',
      'missing field(s)',
    );
  });

  it('service - 422 message is Kubernetes-shaped', () => {
    try {
      admit(
        SERVICE,
        ksvc((s) => (s.spec.template.spec.containerConcurrency = 1001)),
        ctx(),
      );
      assert.fail('expected a 422');
    } catch (err: any) {
      assert.equal(
        err.message,
        'Service "order-service" is invalid: expected 0 <= 1001 <= 1000: spec.template.spec.containerConcurrency',
      );
      assert.equal(err.details.group, 'serving.knative.dev');
    }
  });

  it('service - max-revision-timeout-seconds comes from config-defaults', () => {
    const c = ctx({ 'knative-serving/config-defaults': { 'max-revision-timeout-seconds': '900' } });
    admit(
      SERVICE,
      ksvc((s) => (s.spec.template.spec.timeoutSeconds = 601)),
      c,
    );
  });

  it('route - traffic targets need a revision or configuration', () => {
    const causes = causesOf(ROUTE, route([{ percent: 100 }]));
    expectCause(causes, 'spec.traffic[0].revisionName', 'expected exactly one, got neither');
    expectCause(
      causesOf(ROUTE, route([{ revisionName: 'a', configurationName: 'b', percent: 100 }])),
      'spec.traffic[0].configurationName',
      'expected exactly one, got both',
    );
    expectCause(
      causesOf(ROUTE, route([{ configurationName: 'b', percent: 60 }])),
      'spec.traffic',
      'Traffic targets sum to 60, want 100',
    );
    expectCause(causesOf(ROUTE, { ...route([]), spec: {} }), 'spec', 'missing field(s)');
  });

  it('configuration - validates its template like a Service', () => {
    const cfg: KObject = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
      metadata: { name: 'shop', namespace: 'default' },
      spec: { template: { spec: { containers: [{ image: 'example.com/app' }], timeoutSeconds: 601 } } },
    };
    expectCause(
      causesOf(CONFIGURATION, cfg),
      'spec.template.spec.timeoutSeconds',
      'expected 0 <= 601 <= 600',
    );
  });

  it('revision - validates spec and autoscaling annotations on its own metadata', () => {
    const rev: KObject = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Revision',
      metadata: {
        name: 'shop-00001',
        namespace: 'default',
        annotations: { 'autoscaling.knative.dev/target': '0' },
      },
      spec: { containers: [{ image: 'example.com/app' }], containerConcurrency: -1 },
    };
    const causes = causesOf(REVISION, rev);
    expectCause(causes, 'metadata.annotations.autoscaling.knative.dev/target', 'invalid value: 0');
    expectCause(causes, 'spec.containerConcurrency', 'expected 0 <= -1 <= 1000');
  });
});
