/**
 * Route: resolves traffic to revisions and publishes URLs (`http://{name}.{ns}.{domain}:{ingress port}`,
 * tags as `{tag}-{name}...`). The router that serves those URLs reads the resolved `status.traffic`.
 */
import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import type { RouteEntry } from '../../serving/types.js';
import { CLUSTER_LOCAL_DOMAIN, domainFor, routeHost, SERVING_SYSTEM_NAMESPACE, tagHost } from '../domain.js';
import { RESOURCE, SERVING_V1 } from '../labels.js';
import { resolveTraffic } from './resources/traffic.js';

export const ROUTE_CONDITIONS = new ConditionSet('Ready', [
  'AllTrafficAssigned',
  'IngressReady',
  'CertificateProvisioned',
]);

export interface RouteSettings {
  /** The port of the ingress (router), put into URLs. */
  ingressPort(): number;
  /** Serve the route's hosts (the router's setRoute). */
  publish(entry: RouteEntry): void;
  /** Stop serving a deleted route's hosts. */
  unpublish(id: string): void;
}

export const VISIBILITY_LABELS = ['networking.knative.dev/visibility', 'serving.knative.dev/visibility'];

export function routeReconciler(settings: RouteSettings): KindReconciler {
  const def = kindForObject(SERVING_V1, 'Route') as KindDef;
  return {
    def,
    conditions: ROUTE_CONDITIONS,
    watches: [
      { resource: RESOURCE.configurations, keysFor: (o) => routesInNamespace(o) },
      { resource: RESOURCE.revisions, keysFor: (o) => routesInNamespace(o) },
      { resource: RESOURCE.configmaps, keysFor: (o) => (o.metadata.name === 'config-domain' ? ['*'] : []) },
    ],
    async reconcileKind(route, cm, ctx) {
      const ns = route.metadata.namespace ?? '';
      const status = route.status!;
      const name = route.metadata.name;
      const labels = route.metadata.labels ?? {};
      const clusterLocal = VISIBILITY_LABELS.some((l) => labels[l] === 'cluster-local');
      const domain = clusterLocal
        ? CLUSTER_LOCAL_DOMAIN
        : domainFor(ctx.config(SERVING_SYSTEM_NAMESPACE, 'config-domain'), labels);
      const port = settings.ingressPort();
      const urlOf = (host: string) => `http://${host}${port === 80 ? '' : `:${port}`}`;
      const host = routeHost(name, ns, domain);
      status.url = urlOf(host);
      status.address = { url: urlOf(routeHost(name, ns, CLUSTER_LOCAL_DOMAIN)) };
      cm.markTrue('CertificateProvisioned', 'TLSNotEnabled', 'External TLS is not enabled');
      const { targets, problem } = resolveTraffic(route, {
        configuration: (name) => ctx.store.get({ resource: RESOURCE.configurations, namespace: ns, name }),
        revision: (name) => ctx.store.get({ resource: RESOURCE.revisions, namespace: ns, name }),
      });
      if (problem) {
        if (problem.status === 'False') cm.markFalse('AllTrafficAssigned', problem.reason, problem.message);
        else cm.markUnknown('AllTrafficAssigned', problem.reason, problem.message);
        return undefined;
      }
      for (const t of targets) if (t.tag) t.url = urlOf(tagHost(t.tag, name, ns, domain));
      status.traffic = targets;
      cm.markTrue('AllTrafficAssigned');
      const localHosts = [routeHost(name, ns, CLUSTER_LOCAL_DOMAIN), routeHost(name, ns, 'svc')];
      settings.publish({
        id: `${ns}/${name}`,
        hosts: clusterLocal ? localHosts : [host, ...localHosts],
        visibility: clusterLocal ? 'cluster-local' : 'external',
        targets: targets.map((t) => ({ revision: `${ns}/${t.revisionName}`, percent: t.percent ?? 0 })),
        tags: targets
          .filter((t) => t.tag)
          .map((t) => ({ host: tagHost(t.tag!, name, ns, domain), revision: `${ns}/${t.revisionName}` })),
      });
      cm.markTrue('IngressReady');
      return undefined;
    },
    async finalize(key) {
      settings.unpublish(key);
    },
  };
}

/** Every route in the object's namespace (`ns/*`): cheap at one machine's scale, never misses a reference. */
function routesInNamespace(obj: KObject): string[] {
  return [`${obj.metadata.namespace ?? ''}/*`];
}
