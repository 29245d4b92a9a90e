import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { UsageMeter } from '../serving/usage/index.js';
import { registerUsageMetrics } from './usage.js';

test('usage metrics - counters per revision on /metrics, read at scrape time', async () => {
  let now = 0;
  const meter = new UsageMeter({
    now: () => now,
    labelsFor: () => ({
      namespace: 'default',
      service: 'hello',
      configuration: 'hello',
      revision: 'hello-00001',
    }),
  });
  const registry = new Registry();
  registerUsageMetrics(registry, meter);
  const key = 'default/hello-00001';
  meter.replicaStarted(key, 'r1', 1);
  meter.requestStarted(key);
  now = 2_000;
  meter.requestEnded(key);
  const text = await registry.metrics();
  const labels = 'namespace_name="default",configuration_name="hello",revision_name="hello-00001"';
  assert.match(text, new RegExp(`ebb_revision_requests_total\\{${labels}\\} 1\\n`));
  assert.match(text, new RegExp(`ebb_revision_request_seconds_total\\{${labels}\\} 2\\n`));
  assert.match(text, new RegExp(`ebb_revision_replica_seconds_total\\{${labels}\\} 2\\n`));
  assert.match(text, new RegExp(`ebb_revision_memory_mib_seconds_total\\{${labels}\\} 0\\n`));
  assert.match(text, /# TYPE ebb_revision_zero_replica_seconds_total counter/);
  now = 5_000;
  assert.match(
    await registry.metrics(),
    new RegExp(`ebb_revision_replica_seconds_total\\{${labels}\\} 5\\n`),
  );
});
