import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Registry } from 'prom-client';
import type { RocketMQSources } from '../../sources/rocketmq/manager.js';
import { emptyStats } from '../../sources/rocketmq/stats.js';
import { parseExposition, total } from './exposition.js';
import { registerSourceMetrics } from './sources.js';

test('sources - Knative adapter names derived from the per-source counts at scrape time', async () => {
  const registry = new Registry();
  const counter = (name: string, value: number) =>
    new Counter({ name, help: name, labelNames: ['namespace', 'name'], registers: [registry] }).inc(
      { namespace: 'default', name: 'tick' },
      value,
    );
  counter('ping_source_events_sent_total', 5);
  counter('ping_source_events_failed_total', 1);
  const rocketmq = {
    stats: () => new Map([['default/orders', { ...emptyStats(), delivered: 7, failed: 2, deadLettered: 1 }]]),
  } as unknown as RocketMQSources;
  registerSourceMetrics(registry, rocketmq);
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
  };
  assert.equal(total(s, 'rocketmqsource_event_count', { ...orders, response_code_class: '2xx' }), 7);
  assert.equal(total(s, 'rocketmqsource_event_count', { ...orders, response_error: 'undelivered' }), 1);
  assert.equal(total(s, 'rocketmqsource_retry_event_count', orders), 2);
  assert.equal(total(s, 'apiserversource_event_count'), 0);
});
