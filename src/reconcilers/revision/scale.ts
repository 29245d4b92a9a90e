/**
 * How many replicas a revision should run, before an autoscaler has an opinion: a revision that serves
 * traffic (or is its configuration's newest and must start to become ready) runs
 * max(min-scale, initial-scale) replicas, initial-scale defaulting to 1; any other revision runs none.
 */
import { parseAutoscalingAnnotations } from '../../api/serving/index.js';
import type { KObject } from '../../api/object.js';
import type { ResourceStore } from '../../store/types.js';
import { LABEL_CONFIGURATION, RESOURCE } from '../labels.js';

export function isRouted(rev: KObject, store: ResourceStore): boolean {
  const namespace = rev.metadata.namespace ?? '';
  const name = rev.metadata.name;
  for (const route of store.list(RESOURCE.routes, { namespace }).items) {
    const targets = [...(route.status?.traffic as any[] | undefined ?? []), ...(route.spec?.traffic ?? [])];
    if (targets.some((t) => t.revisionName === name)) return true;
  }
  const configName = rev.metadata.labels?.[LABEL_CONFIGURATION];
  if (!configName) return false;
  const config = store.get({ resource: RESOURCE.configurations, namespace, name: configName });
  return config?.status?.latestCreatedRevisionName === name;
}

export function staticScale(rev: KObject, routed: boolean): number {
  if (!routed) return 0;
  const s = parseAutoscalingAnnotations(rev.metadata.annotations);
  return Math.max(s.minScale ?? 0, s.initialScale ?? 1);
}
