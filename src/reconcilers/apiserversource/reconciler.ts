/**
 * ApiServerSource over Ebb's own store: resolves the sink (SinkProvided, `status.sinkUri`), the
 * namespaces to watch (`status.namespaces`), marks SufficientPermissions (Ebb has no RBAC to check:
 * `serviceAccountName` is kept, not enforced, and the condition says so), then runs the source's adapter
 * (Deployed). While the sink does not resolve the adapter is stopped, its checkpoint kept, and the
 * source is `Ready=False` with reason `NotFound`, as on Knative; changes to Brokers and Services in the
 * namespace, and to namespaces (for `namespaceSelector`), look again.
 */
import { ConditionSet } from '../../api/conditions.js';
import { apiServerSourceKind } from '../../api/eventing/index.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import {
  type ApiServerAdapterConfig,
  type ApiServerSourceMode,
  type ApiServerSources,
  apiServerEventTypes,
} from '../../sources/apiserver/index.js';
import { resolveDestination } from '../destination.js';
import { SINK_WATCHES } from '../sink-watches.js';
import { resourceWatches, watchedNamespaces } from './resources.js';

export const API_SERVER_SOURCE_CONDITIONS = new ConditionSet('Ready', [
  'SinkProvided',
  'Deployed',
  'SufficientPermissions',
]);
const RETRY_MS = 10_000;
/** Before the API server listens its URL (the events' source) is not known yet. */
const STARTING_RETRY_MS = 100;

export interface ApiServerSourceSettings {
  sources: ApiServerSources;
  apiUrl(): string;
}

export function apiServerSourceReconciler(settings: ApiServerSourceSettings): KindReconciler {
  const def = apiServerSourceKind;
  const { sources } = settings;
  return {
    def,
    conditions: API_SERVER_SOURCE_CONDITIONS,
    watches: [...SINK_WATCHES, { resource: 'namespaces', keysFor: () => ['*'] }],
    async reconcileKind(source, cm, ctx) {
      const ns = source.metadata.namespace ?? '';
      const name = source.metadata.name;
      const id = `${ns}/${name}`;
      const status = source.status!;
      const spec = source.spec ?? {};
      const sink = resolveDestination(ctx.store, spec.sink, ns);
      if (!sink.ok) {
        await sources.remove(id);
        delete status.sinkUri;
        cm.markFalse('SinkProvided', 'NotFound', `Sink not found: ${sink.message}`);
        return { requeueAfterMs: RETRY_MS };
      }
      status.sinkUri = sink.uri;
      cm.markTrue('SinkProvided');

      const namespaces = watchedNamespaces(spec.namespaceSelector, ns, ctx.store.list('namespaces').items);
      if (!namespaces.ok) {
        await sources.remove(id);
        cm.markFalse('Deployed', namespaces.reason, namespaces.message);
        return undefined;
      }
      status.namespaces = namespaces.value.names;
      cm.markTrue(
        'SufficientPermissions',
        'NotEnforced',
        `Ebb has no RBAC: service account ${spec.serviceAccountName ?? 'default'} is kept but not checked`,
      );

      const resources = resourceWatches(spec.resources);
      if (!resources.ok) {
        await sources.remove(id);
        cm.markFalse('Deployed', resources.reason, resources.message);
        return undefined;
      }
      const apiUrl = settings.apiUrl();
      if (!apiUrl) {
        cm.markUnknown('Deployed', 'Starting', 'waiting for the API server, whose URL is the events’ source');
        return { requeueAfterMs: STARTING_RETRY_MS };
      }
      const mode = (spec.mode ?? 'Reference') as ApiServerSourceMode;
      const config: ApiServerAdapterConfig = {
        uid: source.metadata.uid ?? id,
        namespace: ns,
        name,
        sinkUri: sink.uri,
        mode,
        source: apiUrl,
        resources: resources.value,
        namespaces: namespaces.value.all ? undefined : namespaces.value.names,
        owner: spec.owner ? { apiVersion: spec.owner.apiVersion, kind: spec.owner.kind } : undefined,
        filters: Array.isArray(spec.filters) && spec.filters.length > 0 ? spec.filters : undefined,
        extensions: spec.ceOverrides?.extensions,
      };
      const health = await sources.upsert(id, config);
      if (health.ok) cm.markTrue('Deployed');
      else cm.markFalse('Deployed', health.reason, health.message);
      status.ceAttributes = apiServerEventTypes(mode).map((type) => ({ type, source: apiUrl }));
      return health.ok ? undefined : { requeueAfterMs: RETRY_MS };
    },
    async finalize(key) {
      await sources.remove(key, { forget: true });
    },
  };
}
