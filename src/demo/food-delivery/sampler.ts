/**
 * Once a second, what the demo shows and charts: orders/s produced and stored, orders in flight, the
 * replicas (desired and actual, summed over each Service's revisions, from their status through the API)
 * and the produce → stored latency of the orders stored in that second.
 */
import type { ApiClient } from '../../cli/client.js';
import type { EffectSample, ReplicaSample } from '../effect/types.js';
import type { DayClock } from './day.js';
import type { DayProducer } from './producer.js';
import type { StoreTracker } from './tracker.js';

const REVISIONS = '/apis/serving.knative.dev/v1/namespaces/default/revisions';
const SERVICE_LABEL = 'serving.knative.dev/service';

/** The p-th percentile (0–100) of `values` by nearest rank; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export async function replicasNow(
  client: ApiClient,
  services: readonly string[],
): Promise<Record<string, ReplicaSample>> {
  const out: Record<string, ReplicaSample> = {};
  for (const s of services) out[s] = { desired: 0, actual: 0 };
  const list = await client.list(REVISIONS);
  for (const rev of list.items) {
    const service = rev.metadata.labels?.[SERVICE_LABEL];
    const r = service === undefined ? undefined : out[service];
    if (!r) continue;
    r.desired += Number(rev.status?.desiredReplicas ?? 0);
    r.actual += Number(rev.status?.actualReplicas ?? 0);
  }
  return out;
}

export class Sampler {
  readonly samples: EffectSample[] = [];
  /** Every latency measured, for the day's percentiles. */
  readonly latencies: number[] = [];
  #lastSent = 0;
  #lastAt = 0;
  #startedAt = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly services: readonly string[],
    private readonly clock: DayClock,
    private readonly producer: DayProducer,
    private readonly tracker: StoreTracker,
  ) {}

  start(now = Date.now()): void {
    this.#startedAt = now;
    this.#lastAt = now;
    this.#lastSent = this.producer.stats.sent;
  }

  async sample(now = Date.now()): Promise<EffectSample> {
    const stored = this.tracker.poll();
    const latencies = this.tracker.takeLatencies();
    this.latencies.push(...latencies);
    const seconds = Math.max(0.001, (now - this.#lastAt) / 1000);
    const sent = this.producer.stats.sent;
    const replicas = await replicasNow(this.client, this.services);
    const s: EffectSample = {
      t: Math.round((now - this.#startedAt) / 100) / 10,
      day: this.clock.at(now - this.#startedAt),
      producedPerSec: (sent - this.#lastSent) / seconds,
      storedPerSec: stored / seconds,
      inFlight: this.tracker.inFlight(),
      replicas,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
    this.#lastAt = now;
    this.#lastSent = sent;
    this.samples.push(s);
    return s;
  }
}
