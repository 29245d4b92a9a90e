import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sinkBindingKind } from '../../api/eventing/index.js';
import type { KObject } from '../../api/object.js';
import type { ReconcileContext } from '../../controller/reconciler.js';
import { createLogger } from '../../log.js';
import { SqliteResourceStore } from '../../store/index.js';
import { sinkBindingReconciler } from './reconciler.js';

const log = createLogger('test', 'error');
const BROKER_URL = 'http://127.0.0.1:8080/default/default';
const broker: [string, KObject] = [
  'brokers.eventing.knative.dev',
  {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: { name: 'default', namespace: 'default' },
    status: { address: { url: BROKER_URL } },
  },
];
const service: [string, KObject] = [
  'services.serving.knative.dev',
  {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'emitter', namespace: 'default' },
  },
];
const brokerSink = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };
const ksvc = (name: string) => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name });

type Want = [type: string, status: string, reason?: string, message?: string];
const cases: { name: string; objects: [string, KObject][]; spec: any; want: Want[]; sinkUri?: string }[] = [
  {
    name: 'a Service and a Broker that exist: Ready, sinkUri is the broker',
    objects: [broker, service],
    spec: { sink: brokerSink, subject: ksvc('emitter') },
    want: [
      ['SinkBindingAvailable', 'True'],
      ['SinkProvided', 'True'],
      ['Ready', 'True'],
    ],
    sinkUri: BROKER_URL,
  },
  {
    name: 'a missing subject: SubjectMissing, as the psbinding reconciler says it',
    objects: [broker],
    spec: { sink: brokerSink, subject: ksvc('emitter') },
    want: [
      ['SinkBindingAvailable', 'False', 'SubjectMissing', 'services.serving.knative.dev "emitter" not found'],
      ['SinkProvided', 'True'],
      ['Ready', 'False', 'SubjectMissing'],
    ],
    sinkUri: BROKER_URL,
  },
  {
    name: 'a missing broker: NoAddressable, no sinkUri',
    objects: [service],
    spec: { sink: brokerSink, subject: ksvc('emitter') },
    want: [
      ['SinkBindingAvailable', 'True'],
      [
        'SinkProvided',
        'False',
        'NoAddressable',
        'Addressable could not be extracted from destination: failed to get object Broker default/default: not found',
      ],
      ['Ready', 'False', 'NoAddressable'],
    ],
  },
  {
    name: 'a kind Ebb does not run: SubjectUnavailable',
    objects: [broker],
    spec: {
      sink: { uri: 'http://127.0.0.1:9/' },
      subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' },
    },
    want: [
      ['SinkBindingAvailable', 'False', 'SubjectUnavailable'],
      ['Ready', 'False', 'SubjectUnavailable'],
    ],
    sinkUri: 'http://127.0.0.1:9/',
  },
  {
    name: 'a selector that matches nothing yet is available, as in Knative',
    objects: [broker],
    spec: {
      sink: brokerSink,
      subject: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        selector: { matchLabels: { a: 'b' } },
      },
    },
    want: [['Ready', 'True']],
    sinkUri: BROKER_URL,
  },
];

for (const c of cases) {
  test(`sinkbinding reconciler - ${c.name}`, async () => {
    const store = SqliteResourceStore.open(':memory:');
    for (const [resource, o] of c.objects) store.create(resource, structuredClone(o));
    const reconciler = sinkBindingReconciler();
    const obj: KObject = {
      apiVersion: 'sources.knative.dev/v1',
      kind: 'SinkBinding',
      metadata: { name: 'b', namespace: 'default' },
      spec: structuredClone(c.spec),
      status: {},
    };
    sinkBindingKind.setDefaults?.(obj, { config: () => undefined });
    const cm = reconciler.conditions.manage(obj.status!);
    cm.initialize();
    const ctx = { store, log, config: () => undefined, enqueue: () => {} } as ReconcileContext;
    await reconciler.reconcileKind(obj, cm, ctx);
    for (const w of c.want) {
      const got = cm.get(w[0])!;
      assert.deepEqual([got.type, got.status, got.reason, got.message].slice(0, w.length), w, w[0]);
    }
    assert.equal(obj.status!.sinkUri, c.sinkUri);
    store.close();
  });
}
