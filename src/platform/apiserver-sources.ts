/**
 * ApiServerSources as `ebb up` runs them: adapters watching Ebb's own store, their checkpoints in
 * `{data dir}/apiserversources.db`, CESQL for `filters`, and the reconciler. On `/metrics`, per source
 * (labels namespace, name): apiserver_source_events_{matched,sent,dropped}_total and
 * apiserver_source_delivery_failures_total (rounds of retries that ended with the event held).
 */
import { join } from 'node:path';
import { Counter } from 'prom-client';
import { compileCesql } from '../eventing/cesql/index.js';
import { apiServerSourceReconciler } from '../reconcilers/apiserversource/reconciler.js';
import {
  ApiServerSources,
  type ApiServerStats,
  CHECKPOINTS_FILE,
  CheckpointStore,
} from '../sources/apiserver/index.js';
import type { SourceKindContext, SourceKindPlane } from './source-kinds.js';

const METRICS: Record<keyof ApiServerStats, [name: string, help: string]> = {
  matched: ['apiserver_source_events_matched_total', 'ApiServerSource: changes that passed the source rules'],
  sent: ['apiserver_source_events_sent_total', 'ApiServerSource: events the sink accepted'],
  dropped: [
    'apiserver_source_events_dropped_total',
    'ApiServerSource: events the sink refused (not retried)',
  ],
  failures: [
    'apiserver_source_delivery_failures_total',
    'ApiServerSource: retry rounds that ended undelivered',
  ],
};

export function createApiServerSources(ctx: SourceKindContext): SourceKindPlane {
  const checkpoints = CheckpointStore.open(join(ctx.dataDir, CHECKPOINTS_FILE));
  const sources = new ApiServerSources({
    store: ctx.store,
    http: ctx.http,
    log: ctx.log.child('apiserver-source'),
    checkpoints,
    cesql: (expression) => {
      const compiled = compileCesql(expression);
      return (event) => compiled.matches(event);
    },
  });
  for (const [stat, [name, help]] of Object.entries(METRICS) as [keyof ApiServerStats, [string, string]][]) {
    new Counter({
      name,
      help,
      labelNames: ['namespace', 'name'],
      registers: [ctx.metrics],
      collect() {
        this.reset();
        for (const [id, stats] of sources.stats()) {
          const [namespace, sourceName] = id.split('/');
          this.inc({ namespace, name: sourceName }, stats[stat]);
        }
      },
    });
  }
  return {
    reconcilers: [apiServerSourceReconciler({ sources, apiUrl: ctx.apiUrl })],
    async stop() {
      await sources.stopAll();
      checkpoints.close();
    },
  };
}
