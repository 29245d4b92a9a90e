/**
 * Usage metering as `ebb up` runs it: the meter fed by the router's request hooks and the runtime's replica
 * events (wired in serving.ts), the memory sampler, and the meter's totals on `/metrics` as counters
 * labelled like Knative's revision metrics, read at scrape time.
 */
import { Counter, type Registry } from 'prom-client';
import type { RevisionKey, RuntimeRevision } from '../serving/types.js';
import {
  startMemorySampler,
  type UsageLabels,
  UsageMeter,
  type UsageTotals,
} from '../serving/usage/index.js';

export function labelsOf(rev: RuntimeRevision): UsageLabels {
  return {
    namespace: rev.namespace,
    service: rev.env.K_SERVICE ?? '',
    configuration: rev.env.K_CONFIGURATION ?? '',
    revision: rev.name,
  };
}

/** A meter that labels revisions from the built map, with memory sampling running; `stop` ends sampling. */
export function createUsageMeter(built: Map<RevisionKey, RuntimeRevision>): {
  meter: UsageMeter;
  stop: () => void;
} {
  const meter = new UsageMeter({
    labelsFor: (key) => {
      const rev = built.get(key);
      return rev ? labelsOf(rev) : undefined;
    },
  });
  return { meter, stop: startMemorySampler(meter) };
}

const COUNTERS: [name: string, help: string, field: keyof UsageTotals][] = [
  [
    'ebb_revision_requests_total',
    'Requests the revision served (answered, failed or abandoned).',
    'requests',
  ],
  [
    'ebb_revision_request_seconds_total',
    'Summed duration of those requests, queueing included (seconds).',
    'requestSeconds',
  ],
  [
    'ebb_revision_replica_seconds_total',
    'Integral of live replicas over time, each from spawn to exit (seconds).',
    'replicaSeconds',
  ],
  [
    'ebb_revision_memory_mib_seconds_total',
    "Integral of the replicas' sampled resident memory over time (MiB·s; Linux only).",
    'memoryMiBSeconds',
  ],
  [
    'ebb_revision_zero_replica_seconds_total',
    'Time the revision had no replica alive (seconds).',
    'zeroReplicaSeconds',
  ],
];

export function registerUsageMetrics(registry: Registry, meter: UsageMeter): void {
  const labelNames = ['namespace_name', 'configuration_name', 'revision_name'] as const;
  const counters: Counter<(typeof labelNames)[number]>[] = [];
  // The first counter's collect() fills them all from one snapshot, before the registry reads the others.
  const collect = () => {
    for (const c of counters) c.reset();
    for (const u of meter.usage()) {
      const labels = {
        namespace_name: u.namespace,
        configuration_name: u.configuration,
        revision_name: u.revision,
      };
      COUNTERS.forEach(([, , field], i) => {
        counters[i]!.inc(labels, u[field]);
      });
    }
  };
  COUNTERS.forEach(([name, help], i) => {
    counters.push(
      new Counter({ name, help, labelNames, registers: [registry], ...(i === 0 ? { collect } : {}) }),
    );
  });
}
