/**
 * Pure translation of a ContainerSource into the process the runtime supervises, its receive adapter. The
 * container (`spec.template.spec.containers[0]`; validation allows only one) goes through the very builder
 * a Revision's does — command or image mapping, `ebb` as Ebb's CLI, env with `configMapKeyRef`,
 * `secretKeyRef` and `envFrom`, probes, `workingDir` against `ebb.dev/source-dir` — given as a
 * one-container Revision. Then the Revision's K_SERVICE/K_CONFIGURATION/K_REVISION are swapped for what
 * Knative's SinkBinding gives a ContainerSource's Deployment: `K_SINK` and `K_CE_OVERRIDES`, over the
 * container's own env. The process counts as ready once it runs (it serves nothing) unless the container
 * has a readiness probe, and gets the template's `terminationGracePeriodSeconds`.
 */
import type { KObject } from '../../../api/object.js';
import type { RuntimeRevision } from '../../../serving/types.js';
import {
  type BuildResult,
  buildRuntimeRevision,
  type RuntimeSources,
} from '../../revision/resources/runtime-revision.js';
import { sinkEnv } from '../../sinkbinding/resources/sink-env.js';

/** The Revision builder's own variables, which a ContainerSource's process does not get. */
const REVISION_ONLY_ENV = ['K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];

export function buildAdapter(source: KObject, sinkUri: string, sources: RuntimeSources): BuildResult {
  const namespace = source.metadata.namespace ?? 'default';
  const name = source.metadata.name;
  const spec = source.spec ?? {};
  const template = spec.template ?? {};
  const podSpec = template.spec ?? {};
  const container = (podSpec.containers ?? [])[0];
  const asRevision: KObject = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace,
      annotations: { ...source.metadata.annotations, ...template.metadata?.annotations },
    },
    spec: { containers: container ? [container] : [] },
  };
  const built = buildRuntimeRevision(asRevision, sources);
  if (!built.ok) return built;
  const env = { ...built.revision.env };
  for (const k of REVISION_ONLY_ENV) delete env[k];
  const revision: RuntimeRevision = {
    ...built.revision,
    env: { ...env, ...sinkEnv(sinkUri, spec.ceOverrides) },
    defaultReadiness: 'started',
  };
  const grace = podSpec.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace >= 0) revision.terminationGracePeriodSeconds = grace;
  return { ok: true, revision };
}
