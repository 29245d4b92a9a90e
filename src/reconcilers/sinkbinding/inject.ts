/**
 * What SinkBindings add to a Revision's environment, read where the Revision's process is built: the
 * `K_SINK` and `K_CE_OVERRIDES` of the newest binding whose subject is the Revision's Service or
 * Configuration and whose sink has resolved (`SinkProvided` True, `status.sinkUri`). A binding whose sink
 * does not resolve adds nothing, as Knative's `Do` undoes and stops there.
 *
 * Why here and not in the subject's stored spec (what Knative's webhook mutates): Ebb's API server has no
 * mutating webhook, so a reconciler writing `K_SINK` into a Service would see every `ebb apply` of the
 * user's manifest (which has no `K_SINK`) strip it: a Revision without the variable would take the traffic
 * until the binding wrote it back, a second new Revision each time, and `apply` would never say
 * `unchanged`. Injecting at build time keeps the manifest as the user wrote it and stable under re-apply;
 * binding and unbinding replace the Revision's replicas with the new environment.
 */
import type { KObject, Status } from '../../api/object.js';
import type { ResourceStore } from '../../store/types.js';
import { LABEL_CONFIGURATION, LABEL_SERVICE, RESOURCE } from '../labels.js';
import { sinkEnv } from './resources/sink-env.js';
import { type Bindable, bindingsOf } from './resources/subject.js';

export const SINK_BINDINGS = 'sinkbindings.sources.knative.dev';

/** The binding's sink URI when it has resolved. */
export function boundSink(binding: KObject): string | undefined {
  const status = binding.status as Status | undefined;
  const provided = status?.conditions?.find((c) => c.type === 'SinkProvided')?.status === 'True';
  return provided && typeof status?.sinkUri === 'string' ? status.sinkUri : undefined;
}

/** The variables bindings give the Revision `rev`; empty when none binds it. */
export function bindingEnvForRevision(store: ResourceStore, rev: KObject): Record<string, string> {
  const namespace = rev.metadata.namespace ?? '';
  const bindings = store.list(SINK_BINDINGS, { namespace }).items.filter((b) => boundSink(b));
  if (bindings.length === 0) return {};
  const labels = rev.metadata.labels ?? {};
  const targets: Bindable[] = [];
  for (const [kind, label, resource] of [
    ['Service', LABEL_SERVICE, RESOURCE.services],
    ['Configuration', LABEL_CONFIGURATION, RESOURCE.configurations],
  ] as const) {
    const name = labels[label];
    if (!name) continue;
    const obj = store.get({ resource, namespace, name });
    targets.push({ kind, name, labels: obj?.metadata.labels ?? {} });
  }
  const winner = bindingsOf(bindings, targets).at(-1);
  return winner ? sinkEnv(boundSink(winner)!, winner.spec?.ceOverrides) : {};
}
