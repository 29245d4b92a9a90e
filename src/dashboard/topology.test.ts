import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../api/object.js';
import type { ObjectMirror, WatchedName } from './objects.js';
import { buildTopology } from './topology.js';

const ready = { conditions: [{ type: 'Ready', status: 'True' as const }] };
const obj = (kind: string, name: string, spec: unknown, status: any = ready): KObject => ({
  apiVersion: 'x/v1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
  status,
});

function mirrorOf(objects: Partial<Record<WatchedName, KObject[]>>): ObjectMirror {
  return { list: (name: WatchedName) => objects[name] ?? [] } as unknown as ObjectMirror;
}

test('topology - source → broker → trigger → service, with rates on the edges and columns', () => {
  const mirror = mirrorOf({
    pingsources: [obj('PingSource', 'tick', { sink: { ref: { kind: 'Broker', name: 'default' } } })],
    brokers: [obj('Broker', 'default', {})],
    triggers: [
      obj('Trigger', 'orders', {
        broker: 'default',
        subscriber: { ref: { kind: 'Service', name: 'order-service' } },
        delivery: { deadLetterSink: { uri: 'http://dls.example' } },
      }),
    ],
    services: [
      obj(
        'Service',
        'order-service',
        {},
        { conditions: [{ type: 'Ready', status: 'False', reason: 'RevisionFailed' }] },
      ),
    ],
  });
  const eventing = {
    streams: [],
    deliveries: [{ kind: 'Trigger', namespace: 'default', name: 'orders', deliveredPerSec: 12.5 }],
  } as any;
  const t = buildTopology(mirror, eventing, [
    { kind: 'PingSource', namespace: 'default', name: 'tick', receivedPerSec: 1 } as any,
  ]);
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  assert.equal(byId.get('PingSource:default/tick')?.column, 0);
  assert.equal(byId.get('Broker:default/default')?.column, 1);
  assert.equal(byId.get('Trigger:default/orders')?.column, 2);
  const svc = byId.get('Service:default/order-service')!;
  assert.equal(svc.column, 3);
  assert.equal(svc.ready, 'False');
  assert.equal(svc.reason, 'RevisionFailed');
  assert.ok(byId.has('URI:http://dls.example'));
  const toSvc = t.edges.find((e) => e.target === 'Service:default/order-service')!;
  assert.equal(toSvc.rate, 12.5);
  assert.equal(t.edges.find((e) => e.role === 'dead-letter')?.target, 'URI:http://dls.example');
  assert.equal(t.edges.find((e) => e.source === 'PingSource:default/tick')?.target, 'Broker:default/default');
});

test('topology - a Channel and its InMemoryChannel are one node; a missing subscriber is NotFound', () => {
  const mirror = mirrorOf({
    channels: [obj('Channel', 'ch', {})],
    inmemorychannels: [obj('InMemoryChannel', 'ch', {})],
    subscriptions: [
      obj('Subscription', 'sub', {
        channel: { kind: 'Channel', name: 'ch' },
        subscriber: { ref: { kind: 'Service', name: 'gone' } },
      }),
    ],
  });
  const t = buildTopology(mirror, { streams: [], deliveries: [] }, []);
  assert.equal(t.nodes.filter((n) => n.kind === 'Channel').length, 1);
  const gone = t.nodes.find((n) => n.id === 'Service:default/gone')!;
  assert.equal(gone.reason, 'NotFound');
});
