/**
 * The admission differential's corpus (admission.test.ts): Service manifests as one change each to a base,
 * volumes and mounts, and Configurations and Routes — valid, edge and invalid.
 */
import type { KindDef } from '../../src/api/kind.js';
import type { KObject } from '../../src/api/object.js';
import { CONFIGURATION } from '../../src/api/serving/configuration.js';
import { ROUTE } from '../../src/api/serving/route.js';

const IMAGE = 'ghcr.io/knative/helloworld-go:latest';

export function service(mutate: (s: any) => void): KObject {
  const s: any = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'corpus', namespace: 'default' },
    spec: { template: { metadata: { annotations: {} }, spec: { containers: [{ image: IMAGE }] } } },
  };
  mutate(s);
  return s;
}

const c0 = (s: any) => s.spec.template.spec.containers[0];
const ann = (s: any) => s.spec.template.metadata.annotations;
const A = 'autoscaling.knative.dev/';

/** Volumes and mounts: [name, change] with the volume list and the first container's mounts. */
function volumeCases(): [string, (s: any) => void][] {
  const set = (volumes: unknown[], mounts: unknown[]) => (s: any) => {
    s.spec.template.spec.volumes = volumes;
    c0(s).volumeMounts = mounts;
  };
  const cm = { name: 'cfg', configMap: { name: 'settings' } };
  return [
    ['a configMap volume mounted', set([cm], [{ name: 'cfg', mountPath: '/etc/cfg' }])],
    [
      'a secret volume mounted',
      set([{ name: 's', secret: { secretName: 'x' } }], [{ name: 's', mountPath: '/etc/s' }]),
    ],
    [
      'an emptyDir volume mounted writable',
      set([{ name: 'tmp', emptyDir: {} }], [{ name: 'tmp', mountPath: '/tmp/x' }]),
    ],
    ['a hostPath volume', set([{ name: 'h', hostPath: { path: '/var' } }], [{ name: 'h', mountPath: '/h' }])],
    [
      'a persistentVolumeClaim (off by default)',
      set([{ name: 'p', persistentVolumeClaim: { claimName: 'c' } }], [{ name: 'p', mountPath: '/p' }]),
    ],
    ['a mount with no volume', set([], [{ name: 'nothing', mountPath: '/n' }])],
    ['a volume not mounted', set([cm], [])],
    ['a mount at /dev/log', set([cm], [{ name: 'cfg', mountPath: '/dev/log' }])],
    ['a relative mountPath', set([cm], [{ name: 'cfg', mountPath: 'etc/cfg' }])],
    [
      'a configMap mount with readOnly false',
      set([cm], [{ name: 'cfg', mountPath: '/etc/cfg', readOnly: false }]),
    ],
    [
      'two mounts at one path',
      set(
        [cm, { name: 'cfg2', configMap: { name: 'other' } }],
        [
          { name: 'cfg', mountPath: '/etc/cfg' },
          { name: 'cfg2', mountPath: '/etc/cfg' },
        ],
      ),
    ],
    [
      'a volume with two sources',
      set(
        [{ name: 'v', configMap: { name: 'a' }, secret: { secretName: 'b' } }],
        [{ name: 'v', mountPath: '/v' }],
      ),
    ],
    ['a volume with no source', set([{ name: 'v' }], [{ name: 'v', mountPath: '/v' }])],
    [
      'a volume named Bad_Name',
      set([{ name: 'Bad_Name', configMap: { name: 'a' } }], [{ name: 'Bad_Name', mountPath: '/v' }]),
    ],
  ];
}

/** [name, change]: each a manifest of the corpus. */
export const CORPUS: [string, (s: any) => void][] = [
  ['the base', () => {}],
  ['env PORT', (s) => (c0(s).env = [{ name: 'PORT', value: '1' }])],
  ['env K_SERVICE', (s) => (c0(s).env = [{ name: 'K_SERVICE', value: 'x' }])],
  ['env K_REVISION', (s) => (c0(s).env = [{ name: 'K_REVISION', value: 'x' }])],
  ['an ordinary env', (s) => (c0(s).env = [{ name: 'GREETING', value: 'hi' }])],
  ['container named queue-proxy', (s) => (c0(s).name = 'queue-proxy')],
  ['port 8012', (s) => (c0(s).ports = [{ containerPort: 8012 }])],
  ['port 9091', (s) => (c0(s).ports = [{ containerPort: 9091 }])],
  ['port 8080', (s) => (c0(s).ports = [{ containerPort: 8080 }])],
  ['port named h2c', (s) => (c0(s).ports = [{ name: 'h2c', containerPort: 8080 }])],
  ['port named grpc', (s) => (c0(s).ports = [{ name: 'grpc', containerPort: 8080 }])],
  ['two ports', (s) => (c0(s).ports = [{ containerPort: 8080 }, { containerPort: 8081 }])],
  ['memory limit lots', (s) => (c0(s).resources = { limits: { memory: 'lots' } })],
  ['memory limit 512Mi', (s) => (c0(s).resources = { limits: { memory: '512Mi' } })],
  ['cpu request 0.5', (s) => (c0(s).resources = { requests: { cpu: '0.5' } })],
  ['initContainers', (s) => (s.spec.template.spec.initContainers = [{ image: IMAGE }])],
  ['serviceAccountName Bad_Name', (s) => (s.spec.template.spec.serviceAccountName = 'Bad_Name')],
  ['serviceAccountName ok', (s) => (s.spec.template.spec.serviceAccountName = 'runner')],
  ['tag 1blue', (s) => (s.spec.traffic = [{ latestRevision: true, percent: 100, tag: '1blue' }])],
  ['tag blue', (s) => (s.spec.traffic = [{ latestRevision: true, percent: 100, tag: 'blue' }])],
  ['traffic 90 only', (s) => (s.spec.traffic = [{ latestRevision: true, percent: 90 }])],
  ['containerConcurrency 1001', (s) => (s.spec.template.spec.containerConcurrency = 1001)],
  ['containerConcurrency 10', (s) => (s.spec.template.spec.containerConcurrency = 10)],
  ['timeoutSeconds 601', (s) => (s.spec.template.spec.timeoutSeconds = 601)],
  ['timeoutSeconds 30', (s) => (s.spec.template.spec.timeoutSeconds = 30)],
  [
    'responseStartTimeoutSeconds over timeoutSeconds',
    (s) => Object.assign(s.spec.template.spec, { timeoutSeconds: 10, responseStartTimeoutSeconds: 20 }),
  ],
  ['idleTimeoutSeconds 900', (s) => (s.spec.template.spec.idleTimeoutSeconds = 900)],
  ['min-scale abc', (s) => (ann(s)[`${A}min-scale`] = 'abc')],
  ['min-scale 2', (s) => (ann(s)[`${A}min-scale`] = '2')],
  [
    'max-scale below min-scale',
    (s) => Object.assign(ann(s), { [`${A}min-scale`]: '5', [`${A}max-scale`]: '2' }),
  ],
  ['activation-scale 1', (s) => (ann(s)[`${A}activation-scale`] = '1')],
  ['activation-scale 3', (s) => (ann(s)[`${A}activation-scale`] = '3')],
  [
    'activation-scale below min-scale',
    (s) => Object.assign(ann(s), { [`${A}min-scale`]: '3', [`${A}activation-scale`]: '2' }),
  ],
  [
    'metric-aggregation-algorithm weighted-exponential',
    (s) => (ann(s)[`${A}metric-aggregation-algorithm`] = 'weighted-exponential'),
  ],
  ['metric-aggregation-algorithm bogus', (s) => (ann(s)[`${A}metric-aggregation-algorithm`] = 'bogus')],
  ['window 5s (below 6s)', (s) => (ann(s)[`${A}window`] = '5s')],
  ['window 2m', (s) => (ann(s)[`${A}window`] = '2m')],
  ['target 0', (s) => (ann(s)[`${A}target`] = '0')],
  ['target 0.5', (s) => (ann(s)[`${A}target`] = '0.5')],
  [
    'class hpa with metric concurrency',
    (s) =>
      Object.assign(ann(s), { [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: 'concurrency' }),
  ],
  ['metric rps', (s) => (ann(s)[`${A}metric`] = 'rps')],
  [
    'rollout-duration 1.5s',
    (s) => (s.metadata.annotations = { 'serving.knative.dev/rollout-duration': '1.5s' }),
  ],
  [
    'rollout-duration 30s',
    (s) => (s.metadata.annotations = { 'serving.knative.dev/rollout-duration': '30s' }),
  ],
  ['autoscaling annotation on the Service', (s) => (s.metadata.annotations = { [`${A}min-scale`]: '1' })],
  ['readiness probe on another integer port', (s) => (c0(s).readinessProbe = { httpGet: { port: 9999 } })],
  [
    'readiness probe on a named port it lacks',
    (s) => (c0(s).readinessProbe = { httpGet: { port: 'metrics' } }),
  ],
  ['readiness probe exec', (s) => (c0(s).readinessProbe = { exec: { command: ['true'] } })],
  ['liveness probe without a handler', (s) => (c0(s).livenessProbe = { periodSeconds: 5 })],
  ['name with a capital', (s) => (s.metadata.name = 'Corpus')],
  ['name starting with a digit', (s) => (s.metadata.name = '1corpus')],
  ['revision name without the prefix', (s) => (s.spec.template.metadata.name = 'other-v1')],
  ['revision name with the prefix', (s) => (s.spec.template.metadata.name = 'corpus-v1')],
  [
    'env from a secret key',
    (s) => (c0(s).env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]),
  ],
  [
    'env with value and valueFrom',
    (s) => (c0(s).env = [{ name: 'X', value: 'v', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }]),
  ],
  ['env without a name', (s) => (c0(s).env = [{ value: 'v' }])],
  [
    'two containers, one with a port',
    (s) =>
      (s.spec.template.spec.containers = [
        { image: IMAGE, ports: [{ containerPort: 8080 }] },
        { name: 'sidecar', image: IMAGE },
      ]),
  ],
  [
    'two containers, no port',
    (s) =>
      (s.spec.template.spec.containers = [
        { name: 'a', image: IMAGE },
        { name: 'b', image: IMAGE },
      ]),
  ],
  ['no containers', (s) => (s.spec.template.spec.containers = [])],
  ...volumeCases(),
  ['nodeSelector (off in config-features)', (s) => (s.spec.template.spec.nodeSelector = { disk: 'ssd' })],
  [
    'tolerations (off in config-features)',
    (s) => (s.spec.template.spec.tolerations = [{ key: 'k', operator: 'Exists' }]),
  ],
  ['hostNetwork true', (s) => (s.spec.template.spec.hostNetwork = true)],
  ['hostNetwork false', (s) => (s.spec.template.spec.hostNetwork = false)],
  ['automountServiceAccountToken false', (s) => (s.spec.template.spec.automountServiceAccountToken = false)],
  ['automountServiceAccountToken true', (s) => (s.spec.template.spec.automountServiceAccountToken = true)],
  ['imagePullSecrets', (s) => (s.spec.template.spec.imagePullSecrets = [{ name: 'regcred' }])],
  [
    'securityContext on the pod (off in config-features)',
    (s) => (s.spec.template.spec.securityContext = { runAsUser: 1000 }),
  ],
  ['an empty image', (s) => (c0(s).image = '')],
  ['an image with capitals', (s) => (c0(s).image = 'Example/App')],
  ['a one-letter image', (s) => (c0(s).image = 'x')],
  ['an image with a bad tag', (s) => (c0(s).image = 'example.com/app:v1!')],
  ['an image by digest', (s) => (c0(s).image = `example.com/app@sha256:${'a'.repeat(64)}`)],
  ['an image with a registry port', (s) => (c0(s).image = 'localhost:5000/team/app:1.2')],
];

const configuration = (spec: any): KObject =>
  ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: { name: 'cfg', namespace: 'default' },
    spec,
  }) as KObject;
const route = (spec: any): KObject =>
  ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    metadata: { name: 'rt', namespace: 'default' },
    spec,
  }) as KObject;
const template = (spec: any = {}) => ({ spec: { containers: [{ image: IMAGE }], ...spec } });

/** Configurations and Routes: [name, kind, object]. */
export const OTHERS: [string, KindDef, KObject][] = [
  ['configuration: the base', CONFIGURATION, configuration({ template: template() })],
  ['configuration: no template', CONFIGURATION, configuration({})],
  [
    'configuration: env PORT',
    CONFIGURATION,
    configuration({
      template: template({ containers: [{ image: IMAGE, env: [{ name: 'PORT', value: '1' }] }] }),
    }),
  ],
  [
    'configuration: containerConcurrency 5',
    CONFIGURATION,
    configuration({ template: template({ containerConcurrency: 5 }) }),
  ],
  [
    'configuration: autoscaling annotation on itself',
    CONFIGURATION,
    {
      ...configuration({ template: template() }),
      metadata: { name: 'cfg', namespace: 'default', annotations: { [`${A}min-scale`]: '1' } },
    } as KObject,
  ],
  ['route: to a configuration', ROUTE, route({ traffic: [{ configurationName: 'cfg', percent: 100 }] })],
  [
    'route: to a revision, with a tag',
    ROUTE,
    route({ traffic: [{ revisionName: 'cfg-00001', percent: 100, tag: 'current' }] }),
  ],
  [
    'route: 50/50 split',
    ROUTE,
    route({
      traffic: [
        { revisionName: 'cfg-00001', percent: 50 },
        { revisionName: 'cfg-00002', percent: 50 },
      ],
    }),
  ],
  ['route: percents summing to 90', ROUTE, route({ traffic: [{ revisionName: 'cfg-00001', percent: 90 }] })],
  [
    'route: both revision and configuration',
    ROUTE,
    route({ traffic: [{ revisionName: 'cfg-00001', configurationName: 'cfg', percent: 100 }] }),
  ],
  [
    'route: latestRevision without a configuration',
    ROUTE,
    route({ traffic: [{ latestRevision: true, percent: 100 }] }),
  ],
  [
    'route: duplicate tags',
    ROUTE,
    route({
      traffic: [
        { revisionName: 'a-1', percent: 50, tag: 'x' },
        { revisionName: 'a-2', percent: 50, tag: 'x' },
      ],
    }),
  ],
  [
    'route: a tag-only target',
    ROUTE,
    route({
      traffic: [
        { configurationName: 'cfg', percent: 100 },
        { revisionName: 'cfg-00001', tag: 'old' },
      ],
    }),
  ],
  [
    'route: rollout-duration 2.5s',
    ROUTE,
    {
      ...route({ traffic: [{ configurationName: 'cfg', percent: 100 }] }),
      metadata: {
        name: 'rt',
        namespace: 'default',
        annotations: { 'serving.knative.dev/rollout-duration': '2.5s' },
      },
    } as KObject,
  ],
];
