/**
 * Service → Configuration + Route, then the Service's status from theirs: ConfigurationsReady, RoutesReady,
 * url, address, traffic, latestCreated/ReadyRevisionName (knative/serving pkg/reconciler/service).
 */
import { ConditionSet, readyCondition } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import { kindForObject } from '../../api/registry.js';
import { type KindReconciler, ownerKeys } from '../../controller/reconciler.js';
import { ensureChild, isObserved } from '../children.js';
import { RESOURCE, SERVING_V1 } from '../labels.js';
import { makeConfiguration, makeRoute } from './resources/children.js';

export const SERVICE_CONDITIONS = new ConditionSet('Ready', ['ConfigurationsReady', 'RoutesReady']);

export function serviceReconciler(): KindReconciler {
  const def = kindForObject(SERVING_V1, 'Service') as KindDef;
  return {
    def,
    conditions: SERVICE_CONDITIONS,
    watches: [
      { resource: RESOURCE.configurations, keysFor: ownerKeys('Service') },
      { resource: RESOURCE.routes, keysFor: ownerKeys('Service') },
    ],
    async reconcileKind(service, cm, ctx) {
      const status = service.status!;
      const config = ensureChild(ctx.store, RESOURCE.configurations, service, makeConfiguration(service));
      if (config.created)
        ctx.recorder?.event(
          service,
          'Normal',
          'Created',
          `Created Configuration "${config.object.metadata.name}"`,
        );
      if (config.notOwned) {
        cm.markFalse(
          'ConfigurationsReady',
          'NotOwned',
          `There is an existing Configuration "${service.metadata.name}" that we do not own.`,
        );
      } else {
        const c = config.object;
        if (c.status?.latestCreatedRevisionName)
          status.latestCreatedRevisionName = c.status.latestCreatedRevisionName;
        if (c.status?.latestReadyRevisionName)
          status.latestReadyRevisionName = c.status.latestReadyRevisionName;
        if (!isObserved(c)) {
          cm.markUnknown(
            'ConfigurationsReady',
            'OutOfDate',
            'The Configuration is still working to reflect the latest desired specification.',
          );
        } else {
          cm.propagate('ConfigurationsReady', readyCondition(c.status), 'Deploying', '');
        }
      }
      const route = ensureChild(ctx.store, RESOURCE.routes, service, makeRoute(service));
      if (route.created)
        ctx.recorder?.event(service, 'Normal', 'Created', `Created Route "${route.object.metadata.name}"`);
      if (route.notOwned) {
        cm.markFalse(
          'RoutesReady',
          'NotOwned',
          `There is an existing Route "${service.metadata.name}" that we do not own.`,
        );
        return undefined;
      }
      const r = route.object;
      if (r.status?.url) status.url = r.status.url;
      if (r.status?.address) status.address = r.status.address;
      if (r.status?.traffic) status.traffic = r.status.traffic;
      if (!isObserved(r)) {
        cm.markUnknown(
          'RoutesReady',
          'OutOfDate',
          'The Route is still working to reflect the latest desired specification.',
        );
      } else {
        cm.propagate('RoutesReady', readyCondition(r.status), 'Deploying', '');
      }
      return undefined;
    },
  };
}
