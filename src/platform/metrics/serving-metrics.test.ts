import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { Autoscaler } from '../../serving/autoscaler/index.js';
import type { Router } from '../../serving/router/index.js';
import type { RevisionRuntime } from '../../serving/runtime/index.js';
import type { RevisionKey, RuntimeRevision } from '../../serving/types.js';
import { registerRequestCount } from '../request-count.js';
import { registerAutoscalerMetrics } from './autoscaler.js';
import { parseExposition, total } from './exposition.js';

const KEY = 'default/hello-00001' as RevisionKey;
const built = new Map<RevisionKey, RuntimeRevision>([
  [
    KEY,
    {
      key: KEY,
      namespace: 'default',
      name: 'hello-00001',
      env: { K_SERVICE: 'hello', K_CONFIGURATION: 'hello' },
    } as unknown as RuntimeRevision,
  ],
]);
const REV = {
  namespace_name: 'default',
  service_name: 'hello',
  configuration_name: 'hello',
  revision_name: 'hello-00001',
};

test('requests - queue-proxy and activator names, counts by response code, latency buckets in ms', async () => {
  const registry = new Registry();
  const router = { inFlight: () => 2, queued: () => 1 } as unknown as Router;
  const count = registerRequestCount(registry, built, () => router);
  count(KEY, 200, 7);
  count(KEY, 200, 30);
  count(KEY, 503, 1_500);
  const s = parseExposition(await registry.metrics());
  for (const prefix of ['revision', 'activator']) {
    assert.equal(total(s, `${prefix}_request_count`, { ...REV, response_code: '200' }), 2);
    assert.equal(total(s, `${prefix}_request_count`, { ...REV, response_code_class: '5xx' }), 1);
    assert.equal(total(s, `${prefix}_request_latencies_bucket`, { ...REV, le: '10' }), 1);
    assert.equal(total(s, `${prefix}_request_latencies_bucket`, { ...REV, le: '2000' }), 3);
    assert.equal(total(s, `${prefix}_request_latencies_sum`, REV), 1_537);
  }
  assert.equal(total(s, 'revision_request_count', { container_name: 'queue-proxy' }), 3);
  assert.equal(total(s, 'revision_queue_depth', REV), 3);
  assert.equal(total(s, 'activator_request_concurrency', REV), 3);
});

test('autoscaler - Knative names with service_name, pod counts from the runtime, target by metric', async () => {
  const registry = new Registry();
  const autoscaler = {
    status: () => ({
      desired: 3,
      panicking: true,
      stableConcurrency: 1.5,
      panicConcurrency: 4,
      stableRps: 10,
      panicRps: 20,
      metric: 'concurrency',
      target: 70,
      ready: 2,
      active: 'True',
      excessBurstCapacity: -12,
    }),
  } as unknown as Autoscaler;
  const runtime = {
    status: () => ({
      desired: 3,
      replicas: [{ state: 'ready' }, { state: 'ready' }, { state: 'starting' }, { state: 'stopping' }],
    }),
  } as unknown as RevisionRuntime;
  registerAutoscalerMetrics(registry, autoscaler, () => runtime, built);
  const s = parseExposition(await registry.metrics());
  const want: Record<string, number> = {
    autoscaler_desired_pods: 3,
    autoscaler_requested_pods: 3,
    autoscaler_actual_pods: 2,
    autoscaler_ready_pods: 2,
    autoscaler_not_ready_pods: 1,
    autoscaler_pending_pods: 1,
    autoscaler_terminating_pods: 1,
    autoscaler_panic_mode: 1,
    autoscaler_stable_request_concurrency: 1.5,
    autoscaler_panic_request_concurrency: 4,
    autoscaler_target_concurrency_per_pod: 70,
    autoscaler_excess_burst_capacity: -12,
    autoscaler_stable_requests_per_second: 10,
    autoscaler_panic_requests_per_second: 20,
  };
  for (const [name, value] of Object.entries(want)) assert.equal(total(s, name, REV), value, name);
  assert.equal(total(s, 'autoscaler_target_requests_per_second', REV), 0);
});
