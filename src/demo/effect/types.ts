/**
 * What the food-delivery demo measures over its compressed day, and what the effect report (chart and
 * summary) is drawn from. The demo samples once per real second; the chart's x axis is the simulated clock.
 */

/** One service's replicas at a sample (the latest Ready revision's desired and actual counts). */
export interface ReplicaSample {
  desired: number;
  actual: number;
}

export interface EffectSample {
  /** Real seconds since the day started. */
  t: number;
  /** Simulated minutes since midnight of the day's start; past 1440 it is the next morning (HH:MM mod 24 h). */
  day: number;
  /** Orders sent to RocketMQ (or the broker) per second, over the last sample interval. */
  producedPerSec: number;
  /** Orders newly stored per second (duplicates and malformed orders are not stored). */
  storedPerSec: number;
  /** Produced but not yet stored, dead-lettered or absorbed as a duplicate. */
  inFlight: number;
  /** Per Knative Service name (order-service first). */
  replicas: Record<string, ReplicaSample>;
  /** produce → stored latency of orders stored in this interval, milliseconds; null when none was. */
  p50Ms: number | null;
  p99Ms: number | null;
}

export interface EffectBill {
  /** Replica-seconds the order service's revisions used over the day (from `ebb usage`). */
  replicaSeconds: number;
  /** What a fixed deployment of `peakReplicas` replicas would have used over the same day. */
  fixedReplicaSeconds: number;
  /** 100 × (1 − replicaSeconds / fixedReplicaSeconds). */
  savingPercent: number;
  requests: number;
  /** The same requests as the router counted them (`revision_request_count`), to check `requests` by. */
  routerRequests: number;
  requestSeconds: number;
  memoryMiBSeconds: number;
  secondsAtZero: number;
}

export interface EffectSummary {
  /** `min-scale` of the order service in this run (0: scale to zero at night). */
  minScale: number;
  /** Real minutes the day was compressed into. */
  minutes: number;
  /** Orders went through RocketMQ (false: posted to the Broker). */
  rocketmq: boolean;
  produced: number;
  /** Distinct orderIds stored. */
  stored: number;
  /** Orders produced again with an orderId already sent (absorbed by the upsert). */
  duplicates: number;
  /** Malformed orders that reached the dead-letter sink with knativeerrorcode 400. */
  deadLettered: number;
  /** produced − stored − duplicates − deadLettered: must be 0. */
  lost: number;
  latencyMs: { p50: number | null; p99: number | null };
  peakReplicas: number;
  /** Real seconds the order service had zero replicas. */
  secondsAtZero: number;
  bill: EffectBill;
}

export interface EffectReport {
  summary: EffectSummary;
  samples: EffectSample[];
}
