/**
 * Test pieces for the effect report: a synthetic compressed day with breakfast, lunch and dinner peaks,
 * an order service that scales to zero at night and a lighter second service.
 */
import type { EffectReport, EffectSample, EffectSummary } from './types.js';

/** Orders per second at a simulated minute: three Gaussian meal peaks over a quiet night. */
function rate(day: number): number {
  const peak = (centre: number, height: number, width: number) =>
    height * Math.exp(-(((day - centre) / width) ** 2));
  const value = peak(8 * 60, 20, 45) + peak(12.5 * 60, 60, 50) + peak(19.5 * 60, 80, 60);
  return value < 0.5 ? 0 : value;
}

export function syntheticSamples(count = 600): EffectSample[] {
  const samples: EffectSample[] = [];
  for (let i = 0; i < count; i++) {
    const day = (i * 1440) / count;
    const produced = rate(day);
    const replicas = Math.ceil(produced / 6);
    samples.push({
      t: i,
      day,
      producedPerSec: produced,
      storedPerSec: produced * 0.9,
      inFlight: Math.round(produced / 4),
      replicas: {
        'order-service': {
          desired: replicas,
          actual: i > 0 ? (samples[i - 1]!.replicas['order-service']?.desired ?? 0) : 0,
        },
        'notify-service': { desired: 1, actual: 1 },
      },
      p50Ms: produced > 0 ? 40 + produced / 4 : null,
      p99Ms: produced > 0 ? 250 + produced * 2 : null,
    });
  }
  return samples;
}

export function syntheticSummary(overrides: Partial<EffectSummary> = {}): EffectSummary {
  return {
    minScale: 0,
    minutes: 10,
    rocketmq: true,
    produced: 12_345,
    stored: 11_000,
    duplicates: 800,
    deadLettered: 545,
    lost: 0,
    latencyMs: { p50: 42, p99: 310 },
    peakReplicas: 14,
    secondsAtZero: 72,
    bill: {
      replicaSeconds: 1_234,
      fixedReplicaSeconds: 8_400,
      savingPercent: 85.3,
      requests: 12_345,
      routerRequests: 12_345,
      requestSeconds: 1_050.25,
      memoryMiBSeconds: 98_765,
      secondsAtZero: 72,
    },
    ...overrides,
  };
}

export function syntheticReport(): EffectReport {
  return { summary: syntheticSummary(), samples: syntheticSamples() };
}
