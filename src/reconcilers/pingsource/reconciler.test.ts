import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Agent } from 'undici';
import { pingSourceKind } from '../../api/eventing/index.js';
import type { KObject } from '../../api/object.js';
import type { ReconcileContext } from '../../controller/reconciler.js';
import { createLogger } from '../../log.js';
import { PingRunner } from '../../sources/ping/index.js';
import { SqliteResourceStore } from '../../store/index.js';
import { pingSourceReconciler } from './reconciler.js';

const http = new Agent();
const log = createLogger('test', 'error');
const runner = new PingRunner({ http, log });
after(async () => {
  await runner.stopAll();
  await http.close();
});

const broker = (address?: string): KObject => ({
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Broker',
  metadata: { name: 'default', namespace: 'default' },
  ...(address ? { status: { address: { url: address } } } : {}),
});

const source = (sink: unknown, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'PingSource',
  metadata: { name: 'p', namespace: 'default' },
  spec: { schedule: '0 8 * * *', timezone: 'Asia/Tokyo', sink, ...spec },
});

const brokerRef = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };

const cases: {
  name: string;
  objects: KObject[];
  source: KObject;
  want: [type: string, status: string, reason?: string, message?: string][];
  sinkUri?: string;
  scheduled: boolean;
}[] = [
  {
    name: 'a sink uri: scheduled, Ready',
    objects: [],
    source: source({ uri: 'http://127.0.0.1:9/' }),
    want: [
      ['SinkProvided', 'True'],
      ['Deployed', 'True'],
      ['Ready', 'True'],
    ],
    sinkUri: 'http://127.0.0.1:9/',
    scheduled: true,
  },
  {
    name: 'a missing broker: NotFound, nothing scheduled',
    objects: [],
    source: source(brokerRef),
    want: [
      [
        'SinkProvided',
        'False',
        'NotFound',
        'Sink not found: failed to get object Broker default/default: not found',
      ],
      ['Deployed', 'Unknown'],
      ['Ready', 'False', 'NotFound'],
    ],
    scheduled: false,
  },
  {
    name: 'a broker without an address yet: NotFound with why',
    objects: [broker()],
    source: source(brokerRef),
    want: [
      [
        'SinkProvided',
        'False',
        'NotFound',
        'Sink not found: Broker default/default does not have an address yet',
      ],
      ['Deployed', 'Unknown'],
      ['Ready', 'False', 'NotFound'],
    ],
    scheduled: false,
  },
  {
    name: 'an addressable broker: its URL is the sink',
    objects: [broker('http://127.0.0.1:8080/default/default')],
    source: source(brokerRef),
    want: [
      ['SinkProvided', 'True'],
      ['Deployed', 'True'],
      ['Ready', 'True'],
    ],
    sinkUri: 'http://127.0.0.1:8080/default/default',
    scheduled: true,
  },
];

for (const c of cases) {
  test(`pingsource reconciler - ${c.name}`, async () => {
    const store = SqliteResourceStore.open(':memory:');
    for (const o of c.objects) store.create(`${o.kind.toLowerCase()}s.eventing.knative.dev`, o);
    const reconciler = pingSourceReconciler(runner);
    const obj = structuredClone(c.source);
    pingSourceKind.setDefaults?.(obj, { config: () => undefined });
    obj.status = {};
    const cm = reconciler.conditions.manage(obj.status);
    cm.initialize();
    const ctx = { store, log, config: () => undefined, enqueue: () => {} } as ReconcileContext;
    await reconciler.reconcileKind(obj, cm, ctx);
    const got = (
      obj.status.conditions as { type: string; status: string; reason?: string; message?: string }[]
    )
      .map((k) => [k.type, k.status, k.reason, k.message].filter((v) => v !== undefined))
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const want = c.want.map((w) => [...w]).sort((a, b) => a[0]!.localeCompare(b[0]!));
    for (const [i, w] of want.entries()) assert.deepEqual(got[i]!.slice(0, w.length), w, `condition ${w[0]}`);
    assert.equal(obj.status.sinkUri, c.sinkUri);
    assert.equal(runner.nextTick('default/p') !== undefined, c.scheduled);
    if (c.scheduled) {
      assert.deepEqual(obj.status.ceAttributes, [
        { type: 'dev.knative.sources.ping', source: '/apis/v1/namespaces/default/pingsources/p' },
      ]);
      // 08:00 in Tokyo is 23:00 UTC.
      assert.equal(runner.nextTick('default/p')!.getUTCHours(), 23);
    }
    await reconciler.finalize!('default/p', ctx);
    assert.equal(runner.nextTick('default/p'), undefined, 'finalize unschedules');
    store.close();
  });
}
