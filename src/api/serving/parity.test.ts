/**
 * The rules Ebb's Service admission shares with Knative's webhook (knative.dev/serving v0.42.2
 * k8s_validation.go, annotation_validation.go, metadata_validation.go) that an earlier Ebb decided
 * differently: what it must refuse in Knative's words, and what it must let through. test/knative runs the
 * same kind of corpus through Knative's own code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admit } from '../admission.js';
import { SERVICE } from './service.js';
import { causesOf, ctx, expectCause, ksvc } from './testing.js';

const T = 'spec.template.metadata.annotations';
const C = 'spec.template.spec.containers[0]';

const refused: [string, (s: any) => void, string, string][] = [
  [
    'a reserved env var (Knative: reservedEnvVars)',
    (s) => (s.spec.template.spec.containers[0].env = [{ name: 'K_SERVICE', value: 'x' }]),
    `${C}.env[0].name`,
    '"K_SERVICE" is a reserved environment variable',
  ],
  [
    'PORT is reserved too',
    (s) => (s.spec.template.spec.containers[0].env = [{ name: 'PORT', value: '9000' }]),
    `${C}.env[0].name`,
    '"PORT" is a reserved environment variable',
  ],
  [
    'the queue-proxy container name',
    (s) => (s.spec.template.spec.containers[0].name = 'queue-proxy'),
    `${C}.name`,
    '"queue-proxy" is a reserved container name',
  ],
  [
    'activation-scale 1 (Knative: must be greater than 1)',
    (s) => (s.spec.template.metadata.annotations['autoscaling.knative.dev/activation-scale'] = '1'),
    `${T}.autoscaling.knative.dev/activation-scale`,
    'activation-scale=1 must be greater than 1',
  ],
  [
    'activation-scale below min-scale',
    (s) =>
      Object.assign(s.spec.template.metadata.annotations, {
        'autoscaling.knative.dev/min-scale': '3',
        'autoscaling.knative.dev/activation-scale': '2',
      }),
    `${T}.autoscaling.knative.dev/activation-scale`,
    'min-scale=3 is greater than activation-scale=2',
  ],
  [
    'a tag that is not a DNS-1035 label',
    (s) => (s.spec.traffic = [{ latestRevision: true, percent: 100, tag: '1blue' }]),
    'spec.traffic.tag[0]',
    'invalid value: not a DNS 1035 label: [',
  ],
  [
    'a serviceAccountName that is not a DNS subdomain',
    (s) => (s.spec.template.spec.serviceAccountName = 'Bad_Name'),
    'spec.template.spec.serviceAccountName',
    'invalid value: Bad_Name',
  ],
  [
    'rollout-duration not at second precision',
    (s) => (s.metadata.annotations = { 'serving.knative.dev/rollout-duration': '1.5s' }),
    'metadata.annotations.serving.knative.dev/rollout-duration',
    'rollout-duration=1.5s is not at second precision',
  ],
  [
    'rollout-duration not a duration',
    (s) => (s.metadata.annotations = { 'serving.knative.dev/rollout-duration': 'soon' }),
    'metadata.annotations.serving.knative.dev/rollout-duration',
    'invalid value: soon',
  ],
  [
    'initContainers (off in config-features by default)',
    (s) => (s.spec.template.spec.initContainers = [{ image: 'busybox' }]),
    'spec.template.spec.initContainers',
    'must not set the field(s)',
  ],
  [
    'a memory limit that is not a quantity',
    (s) => (s.spec.template.spec.containers[0].resources = { limits: { memory: 'lots' } }),
    `${C}.resources.limits.memory`,
    'invalid value: lots',
  ],
  [
    'port 8012, the queue-proxy port',
    (s) => (s.spec.template.spec.containers[0].ports = [{ containerPort: 8012 }]),
    `${C}.ports.containerPort`,
    'invalid value: 8012 is a reserved port',
  ],
];

describe('serving - refused as Knative refuses', () => {
  for (const [name, mutate, field, message] of refused) {
    it(`service - rejects ${name} at ${field}`, () =>
      expectCause(causesOf(SERVICE, ksvc(mutate)), field, message));
  }
});

describe('serving - what Knative accepts', () => {
  const accepted: [string, (s: any) => void][] = [
    [
      'responseStartTimeoutSeconds and idleTimeoutSeconds past timeoutSeconds (Knative bounds neither)',
      (s) =>
        Object.assign(s.spec.template.spec, {
          timeoutSeconds: 10,
          responseStartTimeoutSeconds: 20,
          idleTimeoutSeconds: 30,
        }),
    ],
    [
      'quantities as strings and numbers',
      (s) =>
        (s.spec.template.spec.containers[0].resources = {
          limits: { memory: '512Mi', cpu: '1.5' },
          requests: { cpu: 1, memory: '1e3' },
        }),
    ],
    [
      'metric-aggregation-algorithm weighted-exponential (Knative canonical spelling)',
      (s) =>
        (s.spec.template.metadata.annotations['autoscaling.knative.dev/metric-aggregation-algorithm'] =
          'weighted-exponential'),
    ],
    [
      'a rollout-duration in whole seconds',
      (s) => (s.metadata.annotations = { 'serving.knative.dev/rollout-duration': '2m30s' }),
    ],
    [
      'an integer probe port other than the container port (the container port is probed)',
      (s) => (s.spec.template.spec.containers[0].readinessProbe = { httpGet: { port: 9999 } }),
    ],
  ];
  for (const [name, mutate] of accepted) {
    it(`service - accepts ${name}`, () => assert.doesNotThrow(() => admit(SERVICE, ksvc(mutate), ctx())));
  }
});

describe('serving - image references as go-containerregistry parses them', () => {
  it('service - rejects an unparseable image, naming it', () => {
    expectCause(
      causesOf(
        SERVICE,
        ksvc((s) => (s.spec.template.spec.containers[0].image = 'Example/App')),
      ),
      'spec.template.spec.containers[0].image',
      'Failed to parse image reference',
    );
  });
  it('service - accepts tags, digests and registries with ports', async () => {
    const { imageReferenceError } = await import('./image-ref.js');
    for (const ok of [
      'nginx',
      'example.com/a/b:1.0',
      `x.io/app@sha256:${'0'.repeat(64)}`,
      'localhost:5000/app',
    ])
      assert.equal(imageReferenceError(ok), undefined, ok);
    for (const bad of ['x', 'App', 'a b', 'app:v1!', 'app@md5:00']) assert.ok(imageReferenceError(bad), bad);
  });
});
