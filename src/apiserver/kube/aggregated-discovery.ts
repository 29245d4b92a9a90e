/**
 * Aggregated discovery (`apidiscovery.k8s.io/v2` APIGroupDiscoveryList at `/api` and `/apis`), which
 * kubectl 1.30+ asks for first: every group, version and resource in one answer instead of one request per
 * group-version. Built from the same served groups as the legacy documents (discovery.ts); a client that
 * does not ask for it gets those.
 */
import type { IncomingMessage } from 'node:http';
import { apiResources, type Served, servedGroups, virtualResourceLists } from './discovery.js';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the first media range the client accepts that Ebb serves is the v2 aggregated list. */
export function wantsAggregated(req: IncomingMessage): boolean {
  for (const range of (req.headers.accept ?? '').split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim());
    if (type !== 'application/json' && type !== '*/*') continue;
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((s) => s.trim())));
    if (p.as === undefined) return false;
    if (p.as === 'APIGroupDiscoveryList' && p.g === 'apidiscovery.k8s.io' && p.v === 'v2') return true;
  }
  return false;
}

type Resource = Record<string, unknown>;

function aggregatedResource(group: string, version: string, r: Resource, subs: Resource[]): Resource {
  const responseKind = { group, version, kind: r.kind };
  return {
    resource: r.name,
    responseKind,
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singularName,
    verbs: r.verbs,
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
    ...(subs.length > 0
      ? {
          subresources: subs.map((s) => ({
            subresource: String(s.name).split('/')[1],
            responseKind,
            verbs: s.verbs,
          })),
        }
      : {}),
  };
}

function versionEntry(group: string, version: string, resources: Resource[]): Resource {
  const main = resources.filter((r) => !String(r.name).includes('/'));
  return {
    version,
    resources: main.map((r) =>
      aggregatedResource(
        group,
        version,
        r,
        resources.filter((s) => String(s.name).startsWith(`${r.name}/`)),
      ),
    ),
    freshness: 'Current',
  };
}

/** The APIGroupDiscoveryList for `/api` (the core group) or `/apis` (every other group). */
export function aggregatedDiscovery(pathname: '/api' | '/apis'): Record<string, unknown> {
  const groups = [...servedGroups()].filter(([name]) => (pathname === '/api') === (name === ''));
  const items = groups.map(([name, versions]) => ({
    metadata: { name },
    versions: [...versions].map(([version, kinds]: [string, Served[]]) =>
      versionEntry(name, version, kinds.flatMap(apiResources)),
    ),
  }));
  if (pathname === '/apis') {
    for (const [gv, resources] of Object.entries(virtualResourceLists())) {
      const [name, version] = gv.split('/') as [string, string];
      items.push({ metadata: { name }, versions: [versionEntry(name, version, resources)] });
    }
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
