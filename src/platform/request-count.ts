/**
 * The router's own count and latency of the requests it answered per revision, under Knative's names and
 * labels. Ebb's router is both of Knative's request hops, so each request is recorded as both:
 *   queue-proxy: revision_request_count, revision_request_latencies (ms), revision_queue_depth;
 *   activator:   activator_request_count, activator_request_latencies (ms), activator_request_concurrency
 * (what Knative's "Revision HTTP Requests" and "Scaling Debugging" dashboards query). Counted where the
 * router ends a request (499: the client left first), apart from the usage meter, so `ebb usage` can be
 * checked against it. Latency is from admission (queueing included) to the end of the response.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Router } from '../serving/router/index.js';
import type { RevisionKey, RuntimeRevision } from '../serving/types.js';
import {
  type CounterChild,
  CounterFamily,
  type HistogramChild,
  HistogramFamily,
} from './metrics/families.js';
import { REQUEST_LATENCY_BUCKETS_MS, responseCodeClass } from './metrics/knative.js';

export type CountRequest = (key: RevisionKey, status: number, latencyMs: number) => void;

const REVISION = ['namespace_name', 'service_name', 'configuration_name', 'revision_name'] as const;
const POD = [...REVISION, 'pod_name', 'container_name'] as const;
const WITH_CODE = [...POD, 'response_code', 'response_code_class'] as const;
/** Knative's pod name: one router process serves every replica here. */
const POD_NAME = 'ebb-router';

interface ByCode {
  count: CounterChild;
  latency: HistogramChild;
  activatorCount: CounterChild;
  activatorLatency: HistogramChild;
}

export function registerRequestCount(
  registry: Registry,
  built: Map<RevisionKey, RuntimeRevision>,
  router: () => Router,
): CountRequest {
  const counter = (prefix: string, what: string) =>
    new CounterFamily(
      `${prefix}_request_count`,
      `The number of requests that are routed to ${what}`,
      WITH_CODE,
      registry,
    );
  const histogram = (prefix: string) =>
    new HistogramFamily(
      `${prefix}_request_latencies`,
      'The response time in millisecond',
      WITH_CODE,
      REQUEST_LATENCY_BUCKETS_MS,
      registry,
    );
  const queueCount = counter('revision', 'queue-proxy');
  const queueLatency = histogram('revision');
  const activatorCount = counter('activator', 'Activator');
  const activatorLatency = histogram('activator');
  const revisionLabels = (key: RevisionKey) => {
    const rev = built.get(key);
    const [namespace = '', name = ''] = key.split('/');
    return {
      namespace_name: namespace,
      service_name: rev?.env.K_SERVICE ?? '',
      configuration_name: rev?.env.K_CONFIGURATION ?? '',
      revision_name: name,
    };
  };
  registerDepthGauges(registry, built, router, revisionLabels);
  const revisions = new Map<RevisionKey, Map<number, ByCode>>();
  return (key, status, latencyMs) => {
    let byCode = revisions.get(key);
    if (!byCode) {
      byCode = new Map();
      // Labels come from the built revision; until it is known, they are not cached.
      if (built.has(key)) revisions.set(key, byCode);
    }
    let c = byCode.get(status);
    if (!c) {
      const base = revisionLabels(key);
      const code = { response_code: String(status), response_code_class: responseCodeClass(status) };
      const q = { ...base, pod_name: POD_NAME, container_name: 'queue-proxy', ...code };
      const a = { ...base, pod_name: POD_NAME, container_name: 'activator', ...code };
      c = {
        count: queueCount.child(q),
        latency: queueLatency.child(q),
        activatorCount: activatorCount.child(a),
        activatorLatency: activatorLatency.child(a),
      };
      byCode.set(status, c);
    }
    c.count.value++;
    c.latency.observe(latencyMs);
    c.activatorCount.value++;
    c.activatorLatency.observe(latencyMs);
  };
}

/** revision_queue_depth and activator_request_concurrency: the router's in-flight plus queued, at scrape time. */
function registerDepthGauges(
  registry: Registry,
  built: Map<RevisionKey, RuntimeRevision>,
  router: () => Router,
  revisionLabels: (key: RevisionKey) => Record<(typeof REVISION)[number], string>,
): void {
  const gauge = (name: string, help: string, container: string) =>
    new Gauge({
      name,
      help,
      labelNames: POD,
      registers: [registry],
      collect() {
        this.reset();
        const r = router();
        for (const key of built.keys()) {
          const labels = { ...revisionLabels(key), pod_name: POD_NAME, container_name: container };
          this.set(labels, r.inFlight(key) + r.queued(key));
        }
      },
    });
  gauge(
    'revision_queue_depth',
    'The current number of items in the serving and waiting queue',
    'queue-proxy',
  );
  gauge('activator_request_concurrency', 'Concurrent requests that are routed to Activator', 'activator');
}
