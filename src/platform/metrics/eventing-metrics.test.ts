import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { AttemptRecord } from '../../eventing/dispatcher/index.js';
import type { EventRecord } from '../../eventing/types.js';
import { tempStore } from '../../store/testing.js';
import { registerBrokerIngressMetrics } from './broker-ingress.js';
import { registerChannelMetrics } from './channel-dispatcher.js';
import { parseExposition, select, total } from './exposition.js';
import { CounterFamily, HistogramFamily } from './families.js';
import { registerTriggerMetrics } from './triggers.js';

const scrape = async (registry: Registry) => parseExposition(await registry.metrics());

test('families - counters and histograms render as prom-client metrics, one series per label set', async () => {
  const registry = new Registry();
  const c = new CounterFamily('x_count', 'help', ['a', 'b'] as const, registry);
  const h = new HistogramFamily('x_latencies', 'help', ['a'] as const, [1, 10], registry);
  c.child({ a: '1', b: 'q"uote' }).value += 2;
  c.child({ a: '1', b: 'q"uote' }).value++;
  for (const v of [0.5, 1, 5, 50]) h.child({ a: 'z' }).observe(v);
  const s = await scrape(registry);
  assert.deepEqual(select(s, 'x_count'), [{ name: 'x_count', labels: { a: '1', b: 'q"uote' }, value: 3 }]);
  const buckets = select(s, 'x_latencies_bucket').map((b) => [b.labels.le, b.value]);
  assert.deepEqual(buckets, [
    ['1', 2],
    ['10', 3],
    ['+Inf', 4],
  ]);
  assert.equal(total(s, 'x_latencies_sum'), 56.5);
  assert.equal(total(s, 'x_latencies_count'), 4);
  assert.match(await registry.metrics(), /# TYPE x_latencies histogram/);
});

const event = (type: string, extra: Record<string, string> = {}): EventRecord =>
  ({ attributes: { specversion: '1.0', id: 'e', source: '/t', type, ...extra } }) as unknown as EventRecord;

test('broker ingress - accepted events by type with append latency, refusals by status, channels apart', async (t) => {
  const registry = new Registry();
  const tmp = tempStore();
  t.after(() => tmp.dispose());
  tmp.store.create('inmemorychannels.messaging.knative.dev', {
    apiVersion: 'messaging.knative.dev/v1',
    kind: 'InMemoryChannel',
    metadata: { name: 'ch', namespace: 'default' },
  });
  const channels = registerChannelMetrics(registry);
  const arrived = Date.parse('2026-01-01T00:00:00.000Z');
  const ingress = registerBrokerIngressMetrics(registry, tmp.store, channels.onRefused, () => arrived + 3);
  const stamp = { knativearrivaltime: '2026-01-01T00:00:00.000Z' };
  ingress.onAppended({
    kind: 'broker',
    namespace: 'default',
    name: 'b',
    stream: 'default/b',
    offsets: [1, 2],
    events: [event('order.placed', stamp), event('order.paid', stamp)],
  });
  ingress.onRejected('default', 'b', 400);
  ingress.onRejected('default', 'missing', 404);
  ingress.onRejected('default', 'ch', 415);
  const s = await scrape(registry);
  const base = { namespace_name: 'default', broker_name: 'b' };
  assert.equal(total(s, 'mt_broker_ingress_event_count', { ...base, response_code: '202' }), 2);
  assert.equal(
    total(s, 'mt_broker_ingress_event_count', {
      ...base,
      event_type: 'order.paid',
      response_code_class: '2xx',
      event_scheme: 'http',
      container_name: 'ingress',
      unique_name: 'ebb',
    }),
    1,
  );
  assert.equal(
    total(s, 'mt_broker_ingress_event_count', { ...base, response_code: '400', event_type: '' }),
    1,
  );
  assert.equal(
    total(s, 'mt_broker_ingress_event_count', { broker_name: 'missing', response_code: '404' }),
    1,
  );
  assert.equal(total(s, 'mt_broker_ingress_event_dispatch_latencies_sum', base), 6);
  assert.equal(total(s, 'mt_broker_ingress_event_dispatch_latencies_bucket', { ...base, le: '5' }), 2);
  assert.equal(
    total(s, 'inmemorychannel_dispatcher_event_count', { channel_name: 'ch', response_code: '415' }),
    1,
  );
  assert.equal(select(s, 'mt_broker_ingress_event_count', { broker_name: 'ch' }).length, 0);
});

const attempt = (over: Partial<AttemptRecord>): AttemptRecord => ({
  trigger: 'default/t1',
  stream: 'default/b',
  offset: 1,
  attributes: { type: 'order.placed', knativearrivaltime: new Date(1_000).toISOString() },
  attempt: 1,
  url: 'http://x',
  status: 202,
  latencyMs: 12,
  startedAt: 1_030,
  outcome: 'delivered',
  replies: [],
  ...over,
});

test('triggers - per attempt with the response code, filter_type from the Trigger, processing from arrival', async (t) => {
  const registry = new Registry();
  const tmp = tempStore();
  t.after(() => tmp.dispose());
  tmp.store.create('triggers.eventing.knative.dev', {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Trigger',
    metadata: { name: 't1', namespace: 'default' },
    spec: { broker: 'b', filter: { attributes: { type: 'order.placed' } } },
  });
  const triggers = registerTriggerMetrics(registry, tmp.store);
  t.after(() => triggers.stop());
  triggers.onAttempt(attempt({ status: 503, outcome: 'retry', latencyMs: 4 }));
  triggers.onAttempt(attempt({ attempt: 2 }));
  triggers.onAttempt(attempt({ trigger: 'default/t2', status: undefined, outcome: 'dropped' }));
  const s = await scrape(registry);
  const t1 = {
    namespace_name: 'default',
    broker_name: 'b',
    trigger_name: 't1',
    filter_type: 'order.placed',
    filter_request_type: 'filter',
    container_name: 'filter',
    unique_name: 'ebb',
    event_scheme: 'http',
  };
  assert.equal(total(s, 'mt_broker_filter_event_count', { ...t1, response_code: '503' }), 1);
  assert.equal(
    total(s, 'mt_broker_filter_event_count', { ...t1, response_code: '202', response_code_class: '2xx' }),
    1,
  );
  assert.equal(total(s, 'mt_broker_filter_event_dispatch_latencies_sum', t1), 16);
  assert.equal(total(s, 'mt_broker_filter_event_processing_latencies_count', t1), 2);
  assert.equal(total(s, 'mt_broker_filter_event_processing_latencies_sum', t1), 60);
  // No Trigger in the store: filter_type any; no response: counted as 500 without a dispatch latency.
  const t2 = { trigger_name: 't2', filter_type: 'any' };
  assert.equal(total(s, 'mt_broker_filter_event_count', { ...t2, response_code: '500' }), 1);
  assert.equal(total(s, 'mt_broker_filter_event_dispatch_latencies_count', t2), 0);
});

test('channel dispatcher - subscriber attempts by event type and response code', async () => {
  const registry = new Registry();
  const channels = registerChannelMetrics(registry);
  const stream = 'default/ch/channel';
  channels.onAttempt(attempt({ trigger: `${stream}/uid-1`, stream, status: 200, latencyMs: 3 }));
  channels.onAttempt(attempt({ trigger: `${stream}/uid-2`, stream, status: undefined }));
  const s = await scrape(registry);
  const ch = { namespace_name: 'default', channel_name: 'ch', event_type: 'order.placed' };
  assert.equal(total(s, 'inmemorychannel_dispatcher_event_count', { ...ch, response_code: '200' }), 1);
  assert.equal(total(s, 'inmemorychannel_dispatcher_event_count', { ...ch, response_code: '500' }), 1);
  assert.equal(total(s, 'inmemorychannel_dispatcher_event_dispatch_latencies_count', ch), 1);
});
