/**
 * Whether a revision is reachable (Knative's routing state `active`): it serves traffic in some route, or
 * it is its configuration's newest and must start to become ready. Unreachable revisions run no replicas.
 */
import type { KObject } from '../../api/object.js';
import type { ResourceStore } from '../../store/types.js';
import { LABEL_CONFIGURATION, RESOURCE } from '../labels.js';

export function isRouted(rev: KObject, store: ResourceStore): boolean {
  const namespace = rev.metadata.namespace ?? '';
  const name = rev.metadata.name;
  for (const route of store.list(RESOURCE.routes, { namespace }).items) {
    const targets = [...((route.status?.traffic as any[] | undefined) ?? []), ...(route.spec?.traffic ?? [])];
    if (targets.some((t) => t.revisionName === name)) return true;
  }
  const configName = rev.metadata.labels?.[LABEL_CONFIGURATION];
  if (!configName) return false;
  const config = store.get({ resource: RESOURCE.configurations, namespace, name: configName });
  return config?.status?.latestCreatedRevisionName === name;
}
