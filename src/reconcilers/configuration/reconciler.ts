/**
 * Configuration → Revisions: a new Revision for each generation of the template, and status that tracks
 * the latest created and the latest ready one (knative/serving pkg/reconciler/configuration).
 */
import { ConditionSet, readyCondition } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { kindForObject } from '../../api/registry.js';
import { type KindReconciler, ownerKeys } from '../../controller/reconciler.js';
import { LABEL_CONFIGURATION, LABEL_CONFIGURATION_GENERATION, RESOURCE, SERVING_V1 } from '../labels.js';
import { isControlledBy } from '../owner.js';
import { makeRevision, revisionName } from './resources/revision.js';

export const CONFIGURATION_CONDITIONS = new ConditionSet('Ready', []);

export function configurationReconciler(): KindReconciler {
  const def = kindForObject(SERVING_V1, 'Configuration') as KindDef;
  return {
    def,
    conditions: CONFIGURATION_CONDITIONS,
    watches: [{ resource: RESOURCE.revisions, keysFor: ownerKeys('Configuration') }],
    async reconcileKind(config, cm, ctx) {
      const namespace = config.metadata.namespace ?? '';
      const status = config.status!;
      const generation = String(config.metadata.generation ?? 1);
      const revisions = ctx.store.list(RESOURCE.revisions, {
        namespace,
        labelSelector: `${LABEL_CONFIGURATION}=${config.metadata.name}`,
      }).items;
      let latest = revisions.find((r) => r.metadata.labels?.[LABEL_CONFIGURATION_GENERATION] === generation);
      if (!latest) {
        const name = revisionName(config);
        const clash = ctx.store.get({ resource: RESOURCE.revisions, namespace, name });
        if (clash) {
          const why = isControlledBy(clash, config)
            ? `Revision "${name}" already exists for an earlier template; give the new template a new name (spec.template.metadata.name).`
            : `Revision "${name}" already exists and is not owned by this Configuration.`;
          cm.markFalse('Ready', 'RevisionFailed', why);
          return undefined;
        }
        latest = ctx.store.create(RESOURCE.revisions, makeRevision(config));
        ctx.log.info('created revision', { namespace, revision: name });
        ctx.recorder?.event(config, 'Normal', 'Created', `Created Revision "${latest.metadata.name}"`);
      }
      status.latestCreatedRevisionName = latest.metadata.name;
      const ready = newestReady(revisions.concat(revisions.includes(latest) ? [] : [latest]));
      if (ready) status.latestReadyRevisionName = ready.metadata.name;
      const latestReady = readyCondition(latest.status);
      if (latestReady?.status === 'True') {
        cm.markTrue('Ready');
      } else if (latestReady?.status === 'False') {
        cm.markFalse(
          'Ready',
          'RevisionFailed',
          `Revision "${latest.metadata.name}" failed with message: ${latestReady.message ?? latestReady.reason ?? ''}.`,
        );
      } else {
        cm.markUnknown('Ready', latestReady?.reason || 'Deploying', latestReady?.message ?? '');
      }
      return undefined;
    },
  };
}

function newestReady(revisions: KObject[]): KObject | undefined {
  let best: KObject | undefined;
  let bestGen = -1;
  for (const r of revisions) {
    if (readyCondition(r.status)?.status !== 'True') continue;
    const gen = Number(r.metadata.labels?.[LABEL_CONFIGURATION_GENERATION] ?? 0);
    if (gen > bestGen) {
      best = r;
      bestGen = gen;
    }
  }
  return best;
}
