/**
 * PingSources as `ebb up` runs them: one in-process runner (Knative's mtping adapter) and the PingSource
 * reconciler feeding it. On `/metrics`, per source (labels namespace, name):
 *   ping_source_ticks_total, ping_source_events_sent_total, ping_source_events_failed_total.
 */
import { Counter } from 'prom-client';
import { pingSourceReconciler } from '../reconcilers/pingsource/reconciler.js';
import { PingRunner, type PingStats } from '../sources/ping/index.js';
import type { SourceKindContext, SourceKindPlane } from './source-kinds.js';

const METRICS: Record<keyof PingStats, [name: string, help: string]> = {
  ticks: ['ping_source_ticks_total', 'PingSource: schedule ticks'],
  sent: ['ping_source_events_sent_total', 'PingSource: events the sink accepted'],
  failed: ['ping_source_events_failed_total', 'PingSource: events given up on after the retries'],
};

export function createPingSources(ctx: SourceKindContext): SourceKindPlane {
  const runner = new PingRunner({ http: ctx.http, log: ctx.log.child('ping-source') });
  for (const [stat, [name, help]] of Object.entries(METRICS) as [keyof PingStats, [string, string]][]) {
    new Counter({
      name,
      help,
      labelNames: ['namespace', 'name'],
      registers: [ctx.metrics],
      collect() {
        this.reset();
        for (const [id, stats] of runner.stats()) {
          const [namespace, sourceName] = id.split('/');
          this.inc({ namespace, name: sourceName }, stats[stat]);
        }
      },
    });
  }
  return { reconcilers: [pingSourceReconciler(runner)], stop: () => runner.stopAll() };
}
