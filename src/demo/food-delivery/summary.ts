/**
 * The day's numbers: the accounting of every order, the latency percentiles, the replicas the order
 * service reached, and the bill — replica-seconds used against what a fixed deployment sized for the
 * peak would have used over the same day.
 */
import type { EffectReport, EffectSample } from '../effect/types.js';
import { ORDER_SERVICE } from './app.js';
import type { UsageReading } from './measure.js';
import { percentile } from './sampler.js';
import type { Accounting } from './tracker.js';

export interface SummaryInput {
  opts: { minutes: number; minScale: number };
  rocketmq: boolean;
  samples: EffectSample[];
  latencies: number[];
  accounting: Accounting;
  /** The order service's usage over the day. */
  dayUsage: UsageReading;
  /** Its requests over the day and the drain after it (the router's count and the meter's). */
  requests: UsageReading;
  daySeconds: number;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarize(input: SummaryInput): EffectReport {
  const a = input.accounting;
  const peakReplicas = Math.max(0, ...input.samples.map((s) => s.replicas[ORDER_SERVICE]?.actual ?? 0));
  const fixed = peakReplicas * input.daySeconds;
  const used = input.dayUsage.replicaSeconds;
  const secondsAtZero = round(input.dayUsage.zeroReplicaSeconds);
  return {
    summary: {
      minScale: input.opts.minScale,
      minutes: input.opts.minutes,
      rocketmq: input.rocketmq,
      produced: a.produced,
      stored: a.stored,
      duplicates: a.duplicates,
      deadLettered: a.deadLettered,
      lost: a.lost,
      latencyMs: { p50: percentile(input.latencies, 50), p99: percentile(input.latencies, 99) },
      peakReplicas,
      secondsAtZero,
      bill: {
        replicaSeconds: round(used),
        fixedReplicaSeconds: round(fixed),
        savingPercent: fixed > 0 ? round(100 * (1 - used / fixed)) : 0,
        requests: input.requests.requests,
        routerRequests: input.requests.routerRequests,
        requestSeconds: round(input.requests.requestSeconds, 2),
        memoryMiBSeconds: round(input.dayUsage.memoryMiBSeconds),
        secondsAtZero,
      },
    },
    samples: input.samples,
  };
}
