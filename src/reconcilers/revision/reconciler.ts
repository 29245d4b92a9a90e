/**
 * Revision: runs the revision's replicas through the runtime (with what SinkBindings inject into their
 * environment, sinkbinding/inject.ts), tells the router its limits, and records what the runtime reports
 * in Knative's conditions: ResourcesAvailable, ContainerHealthy (with the exit code and last output of a
 * crashing container), Active, and actual/desired replicas.
 */

import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import {
  type Autoscaler,
  type AutoscalerConfig,
  defaultConfig,
  parseAutoscalerConfig,
  revisionSettings,
} from '../../serving/autoscaler/index.js';
import type { Router } from '../../serving/router/index.js';
import type { RevisionRuntime } from '../../serving/runtime/index.js';
import type { RevisionKey, RuntimeRevision } from '../../serving/types.js';
import type { ResourceStore } from '../../store/types.js';
import { RESOURCE, SERVING_V1 } from '../labels.js';
import { secretValues } from '../secrets.js';
import { bindingEnvForRevision, SINK_BINDINGS } from '../sinkbinding/inject.js';
import { IMAGES_CONFIGMAP } from './resources/images.js';
import { buildRuntimeRevision, type RuntimeSources } from './resources/runtime-revision.js';
import { isRouted } from './scale.js';

export const REVISION_CONDITIONS = new ConditionSet('Ready', ['ResourcesAvailable', 'ContainerHealthy']);

export interface ServingPlane {
  runtime: RevisionRuntime;
  router: Router;
  autoscaler: Autoscaler;
  /** Each revision's runnable form, so autoscaler decisions apply at once, without a reconcile. */
  built: Map<RevisionKey, RuntimeRevision>;
  /** Revisions that serve traffic; others run no replicas (Knative's `reserve` routing state). */
  reachable: Set<RevisionKey>;
}

export function revisionReconciler(plane: ServingPlane): KindReconciler {
  const def = kindForObject(SERVING_V1, 'Revision') as KindDef;
  const everyRevisionIn = (o: KObject) => [`${o.metadata.namespace ?? ''}/*`];
  /** Settings last given to the autoscaler per revision, so unchanged ones are not re-applied. */
  const applied = new Map<RevisionKey, string>();
  return {
    def,
    conditions: REVISION_CONDITIONS,
    watches: [
      { resource: RESOURCE.routes, keysFor: everyRevisionIn },
      { resource: RESOURCE.configurations, keysFor: everyRevisionIn },
      { resource: 'secrets', keysFor: everyRevisionIn },
      { resource: SINK_BINDINGS, keysFor: everyRevisionIn },
      {
        resource: RESOURCE.configmaps,
        keysFor: (o) =>
          o.metadata.namespace === IMAGES_CONFIGMAP.namespace && o.metadata.name === IMAGES_CONFIGMAP.name
            ? ['*']
            : o.metadata.namespace === 'knative-serving' && o.metadata.name === 'config-autoscaler'
              ? ['*']
              : everyRevisionIn(o),
      },
    ],
    async reconcileKind(rev, cm, ctx) {
      const namespace = rev.metadata.namespace ?? '';
      const key = `${namespace}/${rev.metadata.name}`;
      const status = rev.status!;
      const built = buildRuntimeRevision(rev, {
        ...sourcesFor(ctx.store, namespace, ctx.config),
        bindingEnv: bindingEnvForRevision(ctx.store, rev),
      });
      if (!built.ok) {
        void plane.runtime.remove(key);
        status.actualReplicas = 0;
        cm.markFalse('ContainerHealthy', built.reason, built.message);
        cm.markFalse('ResourcesAvailable', built.reason, built.message);
        return undefined;
      }
      const spec = rev.spec ?? {};
      plane.router.setRevision(key, {
        containerConcurrency: Number(spec.containerConcurrency ?? 0),
        timeoutSeconds: Number(spec.timeoutSeconds ?? 300),
        ...(spec.responseStartTimeoutSeconds
          ? { responseStartTimeoutSeconds: spec.responseStartTimeoutSeconds }
          : {}),
        ...(spec.idleTimeoutSeconds ? { idleTimeoutSeconds: spec.idleTimeoutSeconds } : {}),
      });
      const routed = isRouted(rev, ctx.store);
      if (routed) plane.reachable.add(key);
      else plane.reachable.delete(key);
      plane.built.set(key, built.revision);
      const settings = revisionSettings(
        autoscalerConfig(ctx.config, ctx.log),
        rev.metadata.annotations,
        // Reachability is applied here (unrouted revisions get 0), not in the autoscaler: a new revision
        // must start at initial-scale even before the route has picked it up.
        Number(spec.containerConcurrency ?? 0),
      );
      const fingerprint = JSON.stringify(settings);
      if (applied.get(key) !== fingerprint) {
        applied.set(key, fingerprint);
        plane.autoscaler.setRevision(key, settings);
      }
      const desired = routed ? (plane.autoscaler.desired(key) ?? 0) : 0;
      plane.runtime.ensure(built.revision, desired);
      const st = plane.runtime.status(key);
      plane.autoscaler.setReady(key, st?.ready ?? 0);
      const scaling = plane.autoscaler.status(key);
      status.actualReplicas = st?.ready ?? 0;
      status.desiredReplicas = desired;
      status.panicking = scaling?.panicking ?? false;
      status.activeState = desired > 0 || (st?.ready ?? 0) > 0 ? 'Active' : 'Inactive';
      if (st?.startError) {
        cm.markFalse('ContainerHealthy', 'ContainerMissing', st.startError);
      } else if (st?.lastTermination && st.crashLooping && st.ready === 0) {
        const t = st.lastTermination;
        const how = t.exitCode !== null ? `exit code ${t.exitCode}` : `signal ${t.signal}`;
        const reason = t.exitCode !== null ? `ExitCode${t.exitCode}` : 'Signaled';
        cm.markFalse('ContainerHealthy', reason, `Container failed with ${how}: ${t.lastOutput.trim()}`);
      } else if ((st?.ready ?? 0) > 0) {
        cm.markTrue('ContainerHealthy');
      }
      if ((st?.ready ?? 0) > 0) {
        cm.markTrue('ResourcesAvailable');
        cm.markTrue('Active');
      } else if (desired === 0) {
        if (cm.get('ResourcesAvailable')?.status !== 'True') {
          cm.markUnknown('ResourcesAvailable', 'NoTraffic', 'The revision is not receiving traffic.');
        }
        cm.markFalse('Active', 'NoTraffic', 'The target is not receiving traffic.');
      } else if (cm.get('ResourcesAvailable')?.status !== 'True' || !cm.get('ResourcesAvailable')?.reason) {
        cm.markUnknown('ResourcesAvailable', 'Deploying', '');
        if (cm.get('ContainerHealthy')?.status === 'Unknown')
          cm.markUnknown('ContainerHealthy', 'Deploying', '');
        cm.markUnknown('Active', 'Activating', 'Revision is activating.');
      }
      return undefined;
    },
    async finalize(key) {
      plane.autoscaler.removeRevision(key);
      plane.built.delete(key);
      plane.reachable.delete(key);
      applied.delete(key);
      // Draining can take the revision's whole timeout: don't hold a reconcile worker for it.
      void plane.runtime.remove(key).then(() => plane.router.removeRevision(key));
    },
  };
}

function sourcesFor(
  store: ResourceStore,
  namespace: string,
  config: (ns: string, name: string) => Record<string, string> | undefined,
): RuntimeSources {
  return {
    secret: (name) => secretValues(store, namespace, name),
    configMap: (name) => config(namespace, name),
    images: config(IMAGES_CONFIGMAP.namespace, IMAGES_CONFIGMAP.name),
  };
}

let lastConfigError = '';

/** `config-autoscaler` (namespace knative-serving); an invalid one is reported and the defaults apply. */
function autoscalerConfig(
  config: (ns: string, name: string) => Record<string, string> | undefined,
  log: { warn(msg: string, fields?: Record<string, unknown>): void },
): AutoscalerConfig {
  const data = config('knative-serving', 'config-autoscaler');
  if (!data) return defaultConfig();
  try {
    return parseAutoscalerConfig(data).config;
  } catch (err) {
    const message = (err as Error).message;
    if (message !== lastConfigError) log.warn('invalid config-autoscaler; using defaults', { err: message });
    lastConfigError = message;
    return defaultConfig();
  }
}
