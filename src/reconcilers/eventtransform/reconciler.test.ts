import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Agent } from 'undici';
import { eventTransformKind } from '../../api/eventing/event-transform.js';
import type { KObject } from '../../api/object.js';
import type { ReconcileContext } from '../../controller/reconciler.js';
import { TransformPlane } from '../../eventing/transform/index.js';
import { createLogger } from '../../log.js';
import { SqliteResourceStore } from '../../store/index.js';
import { eventTransformReconciler } from './reconciler.js';
import { childName, transformHost } from './resources/address.js';

const http = new Agent();
after(() => http.close());
const log = createLogger('test', 'error');
const EXPRESSION = '{ "specversion": "1.0", "id": id, "source": source, "type": "t" }';
const HOST = 'x-jsonata.default.svc.cluster.local';
const URL = `http://${HOST}:8080`;
const brokerRef = {
  ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: 'default' },
};
const broker = (address?: string): KObject => ({
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Broker',
  metadata: { name: 'default', namespace: 'default' },
  ...(address ? { status: { address: { url: address } } } : {}),
});
const transform = (spec: Record<string, unknown>): KObject => ({
  apiVersion: 'eventing.knative.dev/v1alpha1',
  kind: 'EventTransform',
  metadata: { name: 'x', namespace: 'default' },
  spec: { jsonata: { expression: EXPRESSION }, ...spec },
});
const OIDC = 'Feature "authentication-oidc" must be enabled to support Authorization';
const READY: [string, string, string?, string?][] = [
  ['Addressable', 'True'],
  ['EventPoliciesReady', 'True', 'OIDCDisabled', OIDC],
  ['JsonataDeploymentReady', 'True'],
  ['JsonataSinkBindingReady', 'True'],
  ['Ready', 'True'],
  ['TransformationReady', 'True'],
];
const NO_BROKER =
  'Addressable could not be extracted from destination: failed to get object Broker default/default: not found';

const cases: {
  name: string;
  objects: KObject[];
  transform: KObject;
  want: [string, string, string?, string?][];
  sinkUri?: string;
  address?: string;
}[] = [
  {
    name: 'no sink: Ready, addressed by its -jsonata host',
    objects: [],
    transform: transform({}),
    want: READY,
    address: URL,
  },
  {
    name: 'a sink that resolves: its URL is status.sinkUri',
    objects: [broker('http://127.0.0.1:8080/default/default')],
    transform: transform({ sink: brokerRef }),
    want: READY,
    sinkUri: 'http://127.0.0.1:8080/default/default',
    address: URL,
  },
  {
    name: 'a sink that does not resolve: NoAddressable, no address yet',
    objects: [],
    transform: transform({ sink: brokerRef }),
    want: [
      ['Addressable', 'Unknown'],
      ['JsonataDeploymentReady', 'True'],
      ['JsonataSinkBindingReady', 'False', 'NoAddressable', NO_BROKER],
      ['Ready', 'False', 'NoAddressable', NO_BROKER],
      ['TransformationReady', 'False', 'NoAddressable', NO_BROKER],
    ],
  },
  {
    name: 'an expression that does not compile (stored before validation): JsonataDeploymentUnavailable',
    objects: [],
    transform: transform({ jsonata: { expression: '{ "a": ' } }),
    want: [
      [
        'JsonataDeploymentReady',
        'False',
        'JsonataDeploymentUnavailable',
        'Expected "}" before end of expression',
      ],
      ['Ready', 'False', 'JsonataDeploymentUnavailable'],
      ['TransformationReady', 'False', 'JsonataDeploymentUnavailable'],
    ],
  },
];

for (const c of cases) {
  test(`eventtransform reconciler - ${c.name}`, async () => {
    const store = SqliteResourceStore.open(':memory:');
    for (const o of c.objects) store.create('brokers.eventing.knative.dev', o);
    const plane = new TransformPlane({ http });
    const reconciler = eventTransformReconciler({ runtime: plane, ingressPort: () => 8080 });
    const obj = structuredClone(c.transform);
    eventTransformKind.setDefaults?.(obj, { config: () => undefined });
    obj.status = {};
    const cm = reconciler.conditions.manage(obj.status);
    cm.initialize();
    const ctx = { store, log, config: () => undefined, enqueue: () => {} } as ReconcileContext;
    await reconciler.reconcileKind(obj, cm, ctx);
    const got = new Map(
      (obj.status.conditions as { type: string; status: string; reason?: string; message?: string }[]).map(
        (k) => [k.type, [k.type, k.status, k.reason, k.message].filter((v) => v !== undefined)],
      ),
    );
    for (const w of c.want) assert.deepEqual(got.get(w[0])?.slice(0, w.length), w, `condition ${w[0]}`);
    assert.equal(obj.status.sinkUri, c.sinkUri);
    assert.equal((obj.status.address as { url?: string } | undefined)?.url, c.address);
    if (c.address) assert.deepEqual(obj.status.addresses, [{ name: 'http', url: c.address }]);
    const served = c.want.some(([t, s]) => t === 'JsonataDeploymentReady' && s === 'True');
    assert.deepEqual(plane.hosts(), served ? [HOST] : []);
    await reconciler.finalize!('default/x', ctx);
    assert.deepEqual(plane.hosts(), [], 'finalize removes the transform from the plane');
    store.close();
  });
}

test('eventtransform address - kmeta.ChildName keeps names within 63 characters', () => {
  assert.equal(transformHost('order-extractor', 'shop'), 'order-extractor-jsonata.shop.svc.cluster.local');
  const long = 'a'.repeat(60);
  const child = childName(long, '-jsonata');
  assert.equal(child.length, 63);
  assert.ok(child.startsWith('a'.repeat(23)) && child.endsWith('-jsonata'));
});
