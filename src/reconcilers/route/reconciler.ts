/**
 * Route: resolves traffic to revisions and publishes URLs (`http://{name}.{ns}.{domain}:{ingress port}`,
 * tags as `{tag}-{name}...`). The router that serves those URLs reads the resolved `status.traffic`.
 */
import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import { domainFor, routeHost, SERVING_SYSTEM_NAMESPACE, tagHost } from '../domain.js';
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
  /** True when something serves the route's hosts (the router). */
  ingressReady(route: KObject): boolean;
}

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
      const domain = domainFor(ctx.config(SERVING_SYSTEM_NAMESPACE, 'config-domain'), route.metadata.labels);
      const port = settings.ingressPort();
      const urlOf = (host: string) => `http://${host}${port === 80 ? '' : `:${port}`}`;
      status.url = urlOf(routeHost(route.metadata.name, ns, domain));
      status.address = { url: status.url };
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
      for (const t of targets) if (t.tag) t.url = urlOf(tagHost(t.tag, route.metadata.name, ns, domain));
      status.traffic = targets;
      cm.markTrue('AllTrafficAssigned');
      if (settings.ingressReady(route)) cm.markTrue('IngressReady');
      else cm.markUnknown('IngressReady', 'Uninitialized', 'Waiting for the router to serve the route.');
      return undefined;
    },
  };
}

/** Every route in the object's namespace (`ns/*`): cheap at one machine's scale, never misses a reference. */
function routesInNamespace(obj: KObject): string[] {
  return [`${obj.metadata.namespace ?? ''}/*`];
}
