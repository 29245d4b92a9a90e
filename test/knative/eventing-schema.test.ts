/**
 * Eventing admission against what Knative publishes for it — its CRD schemas (../shared/data/knative-crds,
 * the API server's schema step, checked with ajv) — since knative.dev/eventing's Go code is not served by
 * the module proxy: a corpus of manifests for every eventing kind with a CRD (a valid base each, and
 * changes the schema refuses — wrong types, missing required fields — and changes it lets through that
 * Knative's webhook refuses, when it decodes into its Go types or by its documented validation). Ebb must
 * refuse every change (422) and accept every base; each change's tag is checked against the schema itself.
 * Skips when the schemas are not next to the repository.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admit } from '../../src/api/admission.js';
import type { KObject } from '../../src/api/object.js';
import { kindForObject } from '../../src/api/registry.js';
import { ctx } from '../../src/api/serving/testing.js';
import { loadCrdSchemas } from '../helpers/crd-schemas.js';

const SINK = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };
const URI_SINK = { uri: 'http://example.com/events' };
const CONTAINERS = [{ name: 'c', image: 'ghcr.io/example/app:1' }];

const obj = (apiVersion: string, kind: string, spec: unknown): KObject =>
  ({ apiVersion, kind, metadata: { name: 'corpus', namespace: 'default' }, spec }) as KObject;

/**
 * [kind, valid base spec, changes]: each change is refused by the CRD schema ('schema') or, passing the
 * schema, by Knative's documented webhook validation ('webhook'); Ebb must refuse both.
 */
type Change = [string, (s: any) => void, 'schema' | 'webhook'];

const CORPUS: [string, string, () => any, Change[]][] = [
  [
    'eventing.knative.dev/v1',
    'Broker',
    () => ({}),
    [
      ['delivery.retry a string', (s) => (s.delivery = { retry: 'three' }), 'schema'],
      [
        'delivery.backoffPolicy not linear or exponential',
        (s) => (s.delivery = { backoffPolicy: 'random' }),
        'webhook',
      ],
    ],
  ],
  [
    'eventing.knative.dev/v1',
    'Trigger',
    () => ({ broker: 'default', subscriber: URI_SINK }),
    [
      ['broker a number', (s) => (s.broker = 7), 'schema'],
      ['filter.attributes not a map of strings', (s) => (s.filter = { attributes: { type: 1 } }), 'webhook'],
      ['filters not a list', (s) => (s.filters = { exact: { type: 'x' } }), 'schema'],
    ],
  ],
  [
    'sources.knative.dev/v1',
    'PingSource',
    () => ({ schedule: '*/1 * * * *', sink: SINK }),
    [
      ['schedule a number', (s) => (s.schedule = 5), 'schema'],
      ['sink.uri a number', (s) => (s.sink = { uri: 5 }), 'schema'],
    ],
  ],
  [
    'sources.knative.dev/v1',
    'ApiServerSource',
    () => ({ resources: [{ apiVersion: 'v1', kind: 'Event' }], sink: SINK }),
    [
      ['resources not a list', (s) => (s.resources = { apiVersion: 'v1', kind: 'Event' }), 'schema'],
      ['mode a number', (s) => (s.mode = 1), 'schema'],
    ],
  ],
  [
    'sources.knative.dev/v1',
    'ContainerSource',
    () => ({ template: { spec: { containers: CONTAINERS } }, sink: SINK }),
    [
      [
        'template.spec.containers not a list',
        (s) => (s.template.spec.containers = { image: 'x' }),
        'webhook',
      ],
      ['ceOverrides.extensions a number', (s) => (s.ceOverrides = { extensions: 5 }), 'schema'],
    ],
  ],
  [
    'sources.knative.dev/v1',
    'SinkBinding',
    () => ({ subject: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'x' }, sink: SINK }),
    [['subject.name a number', (s) => (s.subject.name = 3), 'schema']],
  ],
  [
    'messaging.knative.dev/v1',
    'Channel',
    () => ({}),
    [['delivery.retry a string', (s) => (s.delivery = { retry: 'x' }), 'schema']],
  ],
  [
    'messaging.knative.dev/v1',
    'Subscription',
    () => ({
      channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'c' },
      subscriber: URI_SINK,
    }),
    [
      ['channel.name a number', (s) => (s.channel.name = 1), 'schema'],
      ['reply.uri a number', (s) => (s.reply = { uri: 2 }), 'schema'],
    ],
  ],
  [
    'flows.knative.dev/v1',
    'Sequence',
    () => ({ steps: [URI_SINK] }),
    [
      ['steps not a list', (s) => (s.steps = URI_SINK), 'schema'],
      ['steps[0].uri a number', (s) => (s.steps = [{ uri: 1 }]), 'schema'],
    ],
  ],
  [
    'flows.knative.dev/v1',
    'Parallel',
    () => ({ branches: [{ subscriber: URI_SINK }] }),
    [
      ['branches not a list', (s) => (s.branches = { subscriber: URI_SINK }), 'schema'],
      ['branches[0].subscriber.uri a number', (s) => (s.branches = [{ subscriber: { uri: 1 } }]), 'schema'],
    ],
  ],
  [
    'eventing.knative.dev/v1alpha1',
    'EventTransform',
    () => ({ jsonata: { expression: '$' } }),
    [['jsonata.expression a number', (s) => (s.jsonata = { expression: 5 }), 'schema']],
  ],
  [
    'sinks.knative.dev/v1alpha1',
    'JobSink',
    () => ({ job: { spec: { template: { spec: { restartPolicy: 'Never', containers: CONTAINERS } } } } }),
    [
      [
        'job.spec.template.spec.containers not a list',
        (s) => (s.job.spec.template.spec.containers = { image: 'x' }),
        'webhook',
      ],
    ],
  ],
];

describe('knative parity - eventing admission against the CRD schemas', () => {
  const crds = loadCrdSchemas('eventing');
  const skip = crds ? false : 'the Knative CRD schemas (../shared/data/knative-crds) are not here';
  const cases = CORPUS.flatMap(([apiVersion, kind, base, changes]) => [
    {
      name: `${kind}: the base`,
      object: obj(apiVersion, kind, base()),
      schemaRefuses: false,
      ebbRefuses: false,
    },
    ...changes.map(([name, change, by]) => {
      const spec = base();
      change(spec);
      return {
        name: `${kind}: ${name}`,
        object: obj(apiVersion, kind, spec),
        schemaRefuses: by === 'schema',
        ebbRefuses: true,
      };
    }),
  ]);

  test(`${cases.length} manifests: Ebb refuses what the schema or Knative's webhook refuses, accepts each base`, {
    skip,
  }, () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const schemaErrors = crds!.check(c.object);
      assert.ok(schemaErrors, `${c.name}: a CRD covers ${c.object.apiVersion} ${c.object.kind}`);
      if (schemaErrors.length > 0 !== c.schemaRefuses)
        wrong.push(
          `${c.name}: the schema ${schemaErrors.length > 0 ? `refuses it (${schemaErrors.join('; ')})` : 'accepts it'}`,
        );
      const def = kindForObject(c.object.apiVersion, c.object.kind)!;
      let refused: string | undefined;
      try {
        admit(def, c.object, ctx());
      } catch (err: any) {
        if (err?.status !== 422) throw err;
        refused = err.message;
      }
      if (c.ebbRefuses !== (refused !== undefined))
        wrong.push(
          `${c.name}: Knative ${c.ebbRefuses ? 'refuses' : 'accepts'}, Ebb ${refused ? `refuses (${refused})` : 'accepts'}`,
        );
    }
    assert.deepEqual(wrong, []);
    console.log(`${cases.length} eventing manifests agree with Knative's CRD schemas`);
  });
});
