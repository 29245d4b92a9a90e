/**
 * The effect report's summary as label/value rows, and as the aligned text the demo prints at the end of
 * its day. The HTML report shows the same rows as a table, so the terminal and the page never disagree.
 */
import { count, decimal, duration, millis, saving } from './format.js';
import type { EffectSummary } from './types.js';

export type SummaryRow = readonly [label: string, value: string];

/** produced − stored − duplicates − deadLettered, recomputed rather than trusted from `lost`. */
export function unaccounted(s: EffectSummary): number {
  return s.produced - s.stored - s.duplicates - s.deadLettered;
}

/**
 * `produced = stored + duplicates + dead-lettered ✓`, or `✗` with the difference: orders missing (lost)
 * when positive, orders counted twice when negative.
 */
export function conservationCheck(s: EffectSummary): string {
  const claim = 'produced = stored + duplicates + dead-lettered';
  const diff = unaccounted(s);
  if (diff === 0) return `${claim} ✓`;
  const accounted = s.produced - diff;
  const what = diff > 0 ? `${count(diff)} missing` : `${count(-diff)} counted twice`;
  return `${claim} ✗ (${count(s.produced)} ≠ ${count(accounted)}: ${what})`;
}

/** Whether the router's request count agrees with the billed one. */
function routerCheck(b: EffectSummary['bill']): string {
  return b.routerRequests === b.requests ? 'router agrees' : `router counted ${count(b.routerRequests)}`;
}

export function summaryRows(s: EffectSummary): SummaryRow[] {
  const b = s.bill;
  return [
    ['orders produced', count(s.produced)],
    ['stored', count(s.stored)],
    ['duplicates absorbed', count(s.duplicates)],
    ['malformed → dead-letter sink', count(s.deadLettered)],
    ['lost', count(s.lost)],
    ['latency p50/p99', `${millis(s.latencyMs.p50)} / ${millis(s.latencyMs.p99)}`],
    ['peak replicas', count(s.peakReplicas)],
    ['time at zero', duration(s.secondsAtZero)],
    [
      'replica-seconds',
      `${count(b.replicaSeconds)} used vs ${count(b.fixedReplicaSeconds)} for a fixed ` +
        `${count(s.peakReplicas)}-replica deployment → ${saving(b.savingPercent)}`,
    ],
    [
      'billed',
      `${count(b.requests)} requests (${routerCheck(b)}), ${decimal(b.requestSeconds)} request-seconds, ` +
        `${count(b.memoryMiBSeconds)} MiB·s`,
    ],
  ];
}

/** One line on how the run was set up: `min-scale 0 · a day in 10 minutes · orders via RocketMQ`. */
export function runLine(s: EffectSummary): string {
  const via = s.rocketmq ? 'RocketMQ' : 'the Broker';
  return `min-scale ${s.minScale} · a day in ${decimal(s.minutes)} minutes · orders via ${via}`;
}

/** The printed summary: the run line, aligned label/value rows, then the conservation check. */
export function formatSummary(s: EffectSummary): string {
  const rows = summaryRows(s);
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  return [runLine(s), '', ...lines, '', conservationCheck(s)].join('\n');
}
