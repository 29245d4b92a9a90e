import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Registry } from 'prom-client';
import type { EventRecord } from '../../eventing/types.js';
import type { RocketMQSources } from '../../sources/rocketmq/manager.js';
import { parseExposition, total } from './exposition.js';
import { registerRocketMQSourceMetrics } from './rocketmq-source.js';
import { registerSourceMetrics } from './sources.js';

test('sources - Knative adapter names: RocketMQ per attempt, ping derived from its counts at scrape time', async () => {
  const registry = new Registry();
  const counter = (name: string, value: number) =>
    new Counter({ name, help: name, labelNames: ['namespace', 'name'], registers: [registry] }).inc(
      { namespace: 'default', name: 'tick' },
      value,
    );
  counter('ping_source_events_sent_total', 5);
  counter('ping_source_events_failed_total', 1);
  const rocketmq = {} as RocketMQSources;
  registerSourceMetrics(registry);
  registerRocketMQSourceMetrics(registry, rocketmq);
  const order = {
    attributes: { type: 'order.placed', source: 'rocketmq://orders' },
  } as unknown as EventRecord;
  rocketmq.onSent?.('default/orders', order, 503, true);
  rocketmq.onSent?.('default/orders', order, undefined, true);
  for (let i = 0; i < 7; i++) rocketmq.onSent?.('default/orders', order, 202, false);
  rocketmq.onSent?.('default/orders', order, 400, false);
  const s = parseExposition(await registry.metrics());
  const ping = {
    namespace_name: 'default',
    name: 'tick',
    resource_group: 'pingsources.sources.knative.dev',
    event_type: 'dev.knative.sources.ping',
    event_source: '/apis/v1/namespaces/default/pingsources/tick',
  };
  for (const prefix of ['pingsource_mt_adapter', 'pingsource']) {
    assert.equal(total(s, `${prefix}_event_count`, { ...ping, response_code_class: '2xx' }), 5);
    assert.equal(total(s, `${prefix}_event_count`, { ...ping, response_error: 'undelivered' }), 1);
  }
  const orders = {
    namespace_name: 'default',
    name: 'orders',
    resource_group: 'rocketmqsources.sources.knative.dev',
    event_type: 'order.placed',
    event_source: 'rocketmq://orders',
  };
  assert.equal(total(s, 'rocketmqsource_event_count', { ...orders, response_code: '202' }), 7);
  assert.equal(total(s, 'rocketmqsource_event_count', { ...orders, response_code_class: '4xx' }), 1);
  assert.equal(total(s, 'rocketmqsource_retry_event_count', { ...orders, response_code: '503' }), 1);
  assert.equal(total(s, 'rocketmqsource_retry_event_count', { ...orders, response_error: 'no response' }), 1);
  assert.equal(total(s, 'apiserversource_event_count'), 0);
});
