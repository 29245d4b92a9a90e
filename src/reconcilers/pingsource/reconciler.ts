/**
 * PingSource: resolves the sink (SinkProvided, `status.sinkUri`), then schedules the source in the ping
 * runner `ebb up` runs (Deployed) — Knative's mtping adapter, in process. While the sink does not resolve
 * nothing is scheduled and the source says why (`SinkProvided=False`, reason `NotFound`, as Knative's
 * reconciler marks it); a change to a Broker or Service in the namespace looks again, so it recovers as
 * soon as the sink appears. `status.ceAttributes` lists the event it sends, as Knative's does.
 */
import { ConditionSet } from '../../api/conditions.js';
import { pingSourceKind } from '../../api/eventing/index.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import { PING_EVENT_TYPE, type PingRunner, pingEventSource } from '../../sources/ping/index.js';
import { resolveDestination } from '../destination.js';
import { SINK_WATCHES } from '../sink-watches.js';

export const PING_SOURCE_CONDITIONS = new ConditionSet('Ready', ['SinkProvided', 'Deployed']);
/** How soon a source whose sink did not resolve looks again (besides the watches). */
const RETRY_MS = 10_000;

export function pingSourceReconciler(runner: PingRunner): KindReconciler {
  const def = pingSourceKind;
  return {
    def,
    conditions: PING_SOURCE_CONDITIONS,
    watches: [...SINK_WATCHES],
    async reconcileKind(source, cm, ctx) {
      const ns = source.metadata.namespace ?? '';
      const name = source.metadata.name;
      const id = `${ns}/${name}`;
      const status = source.status!;
      const spec = source.spec ?? {};
      const sink = resolveDestination(ctx.store, spec.sink, ns);
      if (!sink.ok) {
        runner.remove(id);
        delete status.sinkUri;
        cm.markFalse('SinkProvided', 'NotFound', `Sink not found: ${sink.message}`);
        return { requeueAfterMs: RETRY_MS };
      }
      status.sinkUri = sink.uri;
      cm.markTrue('SinkProvided');
      const health = runner.upsert(id, {
        schedule: String(spec.schedule),
        timezone: spec.timezone || undefined,
        sinkUri: sink.uri,
        event: {
          namespace: ns,
          name,
          contentType: spec.contentType || undefined,
          data: spec.data || undefined,
          dataBase64: spec.dataBase64 || undefined,
          extensions: spec.ceOverrides?.extensions,
        },
      });
      if (health.ok) cm.markTrue('Deployed');
      else cm.markFalse('Deployed', health.reason, health.message);
      status.ceAttributes = [{ type: PING_EVENT_TYPE, source: pingEventSource(ns, name) }];
      return undefined;
    },
    async finalize(key) {
      runner.remove(key);
    },
  };
}
