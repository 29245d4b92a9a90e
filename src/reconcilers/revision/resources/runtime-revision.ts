/**
 * Pure translation of a Revision into what the runtime runs: the command (from the container, or from the
 * image-to-command mapping when the container names only an image), the environment with `valueFrom` and
 * `envFrom` resolved, what SinkBindings inject, Knative's K_* variables, probes and timeouts. Failures come back as Knative reasons.
 *
 * The base folder: a command written in the manifest runs from the manifest's folder (the Revision's
 * `ebb.dev/source-dir` annotation), so its relative paths follow the manifest. A command from the image
 * mapping is `ebb up`'s configuration, not the manifest's, and runs from the folder `ebb up` runs in.
 */
import type { KObject } from '../../../api/object.js';
import { sourceDirOf } from '../../../api/serving/index.js';
import type { Probe, RuntimeRevision } from '../../../serving/types.js';
import { LABEL_CONFIGURATION, LABEL_SERVICE } from '../../labels.js';
import { commandForImage, IMAGES_CONFIGMAP } from './images.js';

export interface RuntimeSources {
  /** Decoded Secret data, undefined when the Secret does not exist. */
  secret(name: string): Record<string, string> | undefined;
  configMap(name: string): Record<string, string> | undefined;
  /** Data of the image mapping ConfigMap. */
  images: Record<string, string> | undefined;
  /** Variables SinkBindings put into the container (`K_SINK`, `K_CE_OVERRIDES`), over its own env. */
  bindingEnv?: Record<string, string>;
}

export type BuildResult =
  | { ok: true; revision: RuntimeRevision }
  | { ok: false; reason: string; message: string };

export function buildRuntimeRevision(rev: KObject, sources: RuntimeSources): BuildResult {
  const namespace = rev.metadata.namespace ?? 'default';
  const name = rev.metadata.name;
  const spec = rev.spec ?? {};
  const containers: any[] = spec.containers ?? [];
  const container = containers.find((c) => (c.ports ?? []).length > 0) ?? containers[0];
  if (!container) return { ok: false, reason: 'ContainerMissing', message: 'the revision has no container' };

  let command: string[];
  let baseDir: string | undefined;
  if (Array.isArray(container.command) && container.command.length > 0) {
    command = [...container.command, ...(container.args ?? [])];
    baseDir = sourceDirOf(rev.metadata.annotations);
  } else {
    const mapped = container.image ? commandForImage(sources.images, container.image) : undefined;
    if (!mapped) {
      return {
        ok: false,
        reason: 'ContainerMissing',
        message:
          `image "${container.image ?? ''}" has no local command: Ebb runs containers as local processes. ` +
          `Add "command" to the container, or map the image in the ConfigMap "${IMAGES_CONFIGMAP.name}" ` +
          `(namespace ${IMAGES_CONFIGMAP.namespace}): under its "${IMAGES_CONFIGMAP.key}" key, a YAML line ` +
          `"${container.image ?? 'IMAGE'}: COMMAND LINE"`,
      };
    }
    command = [...mapped, ...(container.args ?? [])];
  }

  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const prefix: string = from.prefix ?? '';
    const ref = from.secretRef ?? from.configMapRef;
    const data = from.secretRef ? sources.secret(ref.name) : sources.configMap(ref.name);
    if (!data) {
      if (ref.optional) continue;
      const kind = from.secretRef ? 'secret' : 'configmap';
      return { ok: false, reason: 'CreateContainerConfigError', message: `${kind} "${ref.name}" not found` };
    }
    for (const [k, v] of Object.entries(data)) env[prefix + k] = v;
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom === undefined) {
      env[e.name] = String(e.value ?? '');
      continue;
    }
    const ref = e.valueFrom.secretKeyRef ?? e.valueFrom.configMapKeyRef;
    const kind = e.valueFrom.secretKeyRef ? 'secret' : 'configmap';
    const data = e.valueFrom.secretKeyRef ? sources.secret(ref.name) : sources.configMap(ref.name);
    const value = data?.[ref.key];
    if (value === undefined) {
      if (ref.optional) continue;
      const what = data
        ? `couldn't find key ${ref.key} in ${kind === 'secret' ? 'Secret' : 'ConfigMap'} ${namespace}/${ref.name}`
        : `${kind} "${ref.name}" not found`;
      return { ok: false, reason: 'CreateContainerConfigError', message: what };
    }
    env[e.name] = value;
  }
  Object.assign(env, sources.bindingEnv);
  env.K_SERVICE = rev.metadata.labels?.[LABEL_SERVICE] ?? '';
  env.K_CONFIGURATION = rev.metadata.labels?.[LABEL_CONFIGURATION] ?? '';
  env.K_REVISION = name;

  const revision: RuntimeRevision = {
    key: `${namespace}/${name}`,
    namespace,
    name,
    command,
    env,
    timeoutSeconds: Number(spec.timeoutSeconds ?? 300),
  };
  if (baseDir) revision.baseDir = baseDir;
  if (container.workingDir) revision.workingDir = container.workingDir;
  if (container.readinessProbe) revision.readinessProbe = container.readinessProbe as Probe;
  if (container.livenessProbe) revision.livenessProbe = container.livenessProbe as Probe;
  return { ok: true, revision };
}
