import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../api/object.js';
import { emptyStats } from '../sources/rocketmq/stats.js';
import { EventingSampler } from './eventing-view.js';
import type { ObjectMirror, WatchedName } from './objects.js';
import { EventRecorder } from './recorder.js';
import { SourcesSampler } from './sources-view.js';

const obj = (
  kind: string,
  name: string,
  spec: unknown,
  extra: Partial<KObject['metadata']> = {},
): KObject => ({
  apiVersion: 'x/v1',
  kind,
  metadata: { name, namespace: 'default', ...extra },
  spec,
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const mirrorOf = (objects: Partial<Record<WatchedName, KObject[]>>) =>
  ({ list: (name: WatchedName) => objects[name] ?? [] }) as unknown as ObjectMirror;

test('eventing view - lag is the stream head minus the committed offset; subscriptions by their uid', async () => {
  const mirror = mirrorOf({
    brokers: [obj('Broker', 'default', {})],
    inmemorychannels: [obj('InMemoryChannel', 'ch', {})],
    triggers: [obj('Trigger', 'orders', { broker: 'default' })],
    subscriptions: [obj('Subscription', 'sub', { channel: { kind: 'Channel', name: 'ch' } }, { uid: 'u-1' })],
  });
  const heads: Record<string, number> = { 'default/default': 120, 'default/ch/channel': 7 };
  const status = (id: string) =>
    ({
      'default/orders': { committed: 100, delivered: 90, retried: 3, deadLettered: 1 },
      'default/ch/channel/u-1': { committed: 7, delivered: 7 },
    })[id] as any;
  let now = 1_000;
  const sampler = new EventingSampler(
    { log: { head: async (s) => heads[s] ?? 0 }, dispatchers: { status } },
    mirror,
    new EventRecorder(),
    () => now,
  );
  await sampler.view();
  now += 1_000;
  const view = await sampler.view();
  assert.deepEqual(
    view.streams.map((s) => [s.kind, s.stream, s.head]),
    [
      ['Broker', 'default/default', 120],
      ['InMemoryChannel', 'default/ch/channel', 7],
    ],
  );
  const [trigger, sub] = view.deliveries;
  assert.equal(trigger?.lag, 20);
  assert.equal(trigger?.deadLettered, 1);
  assert.equal(sub?.dispatcher, 'default/ch/channel/u-1');
  assert.equal(sub?.lag, 0);
  assert.equal(sub?.from, 'channel/ch');
});

test('sources view - RocketMQ counts, rate and consumer state; other sources with their sink', () => {
  const mirror = mirrorOf({
    rocketmqsources: [
      obj('RocketMQSource', 'orders', {
        topic: 'orders',
        groupName: 'g1',
        sink: { ref: { kind: 'Broker', name: 'default' } },
      }),
    ],
    pingsources: [obj('PingSource', 'tick', { schedule: '* * * * *', sink: { uri: 'http://x' } })],
  });
  let received = 10;
  let now = 0;
  const sampler = new SourcesSampler(
    {
      stats: () => new Map([['default/orders', { ...emptyStats(), received, delivered: received }]]),
      health: () => ({ ok: false, reason: 'ReceiveFailed', message: 'proxy down' }),
    },
    mirror,
    () => now,
  );
  sampler.view();
  received = 30;
  now = 2_000;
  const [mq, ping] = sampler.view();
  assert.equal(mq?.receivedPerSec, 10);
  assert.equal(mq?.stats?.delivered, 30);
  assert.equal(mq?.detail, 'topic orders, group g1');
  assert.equal(mq?.consumer, 'ReceiveFailed: proxy down');
  assert.equal(mq?.sink, 'broker/default');
  assert.equal(ping?.sink, 'http://x');
});
