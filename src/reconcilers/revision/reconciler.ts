/**
 * Revision: records what the runtime reports about the revision's replicas. Until a runtime is attached
 * the revision stays Unknown/Deploying, as a Knative revision does while its pods are scheduled.
 */
import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import { SERVING_V1 } from '../labels.js';

export const REVISION_CONDITIONS = new ConditionSet('Ready', ['ResourcesAvailable', 'ContainerHealthy']);

export function revisionReconciler(): KindReconciler {
  const def = kindForObject(SERVING_V1, 'Revision') as KindDef;
  return {
    def,
    conditions: REVISION_CONDITIONS,
    async reconcileKind(revision, cm) {
      const status = revision.status!;
      if (!cm.get('ResourcesAvailable')?.reason) cm.markUnknown('ResourcesAvailable', 'Deploying', '');
      if (!cm.get('ContainerHealthy')?.reason) cm.markUnknown('ContainerHealthy', 'Deploying', '');
      status.actualReplicas ??= 0;
      return undefined;
    },
  };
}
