/**
 * Pure translation of a Job's pod into the process the job runner runs. The container goes through the
 * builder a Revision's does (command or image mapping, `ebb` as Ebb's CLI, env with `secretKeyRef`,
 * `configMapKeyRef`, `envFrom`, `workingDir` against `ebb.dev/source-dir`), given as a one-container
 * Revision, minus the Revision's K_SERVICE/K_CONFIGURATION/K_REVISION.
 *
 * Volumes become folders of the run's own work folder (`{workRoot}/{namespace}_{name}/volumes/{volume}`):
 * a `secret` or `configMap` volume holds one file per key, an `emptyDir` is empty. A process has no mount
 * namespace, so where the container names a mount path — in its env values, command, args or workingDir,
 * e.g. `K_EVENT_PATH=/etc/jobsink-event` or `cat /etc/jobsink-event/event` — the path is rewritten to the
 * folder. A Secret or ConfigMap that does not exist (and is not optional) keeps the pod from starting, as
 * it keeps a Kubernetes pod in ContainerCreating.
 */
import { join } from 'node:path';
import type { KObject } from '../../../api/object.js';
import { replicaCwd } from '../../../serving/runtime/cwd.js';
import type { JobProcessSpec } from '../../../sinks/job/run.js';
import { buildRuntimeRevision, type RuntimeSources } from '../../revision/resources/runtime-revision.js';

/** Kubernetes' terminationGracePeriodSeconds default. */
export const DEFAULT_GRACE_SECONDS = 30;
const REVISION_ONLY_ENV = ['K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];

export interface JobSources extends RuntimeSources {
  /** A Secret's data as bytes, undefined when the Secret does not exist. */
  secretBytes(name: string): Record<string, Buffer> | undefined;
}

export type ProcessResult =
  | { ok: true; spec: JobProcessSpec }
  | { ok: false; reason: string; message: string };

/** The work folder of a Job's runs. */
export function workDirOf(workRoot: string, job: KObject): string {
  const key = `${job.metadata.namespace ?? 'default'}_${job.metadata.name}`;
  return join(workRoot, key.replace(/[^A-Za-z0-9._-]/g, '_'));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Rewrites mount paths (longest first) where they stand as a path: followed by `/`, the end or a non-name character. */
export function pathRewriter(mounts: [mountPath: string, local: string][]): (value: string) => string {
  const sorted = [...mounts]
    .map(([m, local]) => [m.replace(/\/+$/, '') || '/', local] as const)
    .sort((a, b) => b[0].length - a[0].length);
  if (sorted.length === 0) return (v) => v;
  const re = new RegExp(`(${sorted.map(([m]) => escapeRe(m)).join('|')})(?=/|$|[^A-Za-z0-9._-])`, 'g');
  const byPath = new Map(sorted);
  return (value) => value.replace(re, (m) => byPath.get(m) ?? m);
}

export function buildJobProcess(job: KObject, sources: JobSources, workRoot: string): ProcessResult {
  const namespace = job.metadata.namespace ?? 'default';
  const podSpec = job.spec?.template?.spec ?? {};
  const container = (podSpec.containers ?? [])[0];
  const asRevision: KObject = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name: job.metadata.name,
      namespace,
      annotations: { ...job.metadata.annotations, ...job.spec?.template?.metadata?.annotations },
    },
    spec: { containers: container ? [container] : [] },
  };
  const built = buildRuntimeRevision(asRevision, sources);
  if (!built.ok) return built;
  const workDir = workDirOf(workRoot, job);
  const files: JobProcessSpec['files'] = [];
  const dirs: string[] = [];
  const mounts: [string, string][] = [];
  for (const mount of container?.volumeMounts ?? []) {
    const volume = (podSpec.volumes ?? []).find((v: any) => v.name === mount.name);
    const local = join(workDir, 'volumes', String(mount.name).replace(/[^A-Za-z0-9._-]/g, '_'));
    mounts.push([String(mount.mountPath), local]);
    dirs.push(local);
    if (!volume || volume.emptyDir) continue;
    const ref = volume.secret
      ? { kind: 'secret', name: volume.secret.secretName, optional: volume.secret.optional }
      : volume.configMap
        ? { kind: 'configmap', name: volume.configMap.name, optional: volume.configMap.optional }
        : undefined;
    if (!ref) continue;
    const data =
      ref.kind === 'secret'
        ? sources.secretBytes(ref.name)
        : mapValues(sources.configMap(ref.name), (v) => Buffer.from(v));
    if (!data) {
      if (ref.optional) continue;
      return {
        ok: false,
        reason: 'ContainerCreating',
        message: `MountVolume.SetUp failed for volume "${mount.name}": ${ref.kind} "${ref.name}" not found`,
      };
    }
    for (const [key, content] of Object.entries(data)) files.push({ path: join(local, key), content });
  }
  const rewrite = pathRewriter(mounts);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(built.revision.env))
    if (!REVISION_ONLY_ENV.includes(k)) env[k] = rewrite(v);
  const rev = built.revision;
  const cwd = replicaCwd({
    ...(rev.baseDir ? { baseDir: rev.baseDir } : {}),
    ...(rev.workingDir ? { workingDir: rewrite(rev.workingDir) } : {}),
  });
  const grace = podSpec.terminationGracePeriodSeconds;
  return {
    ok: true,
    spec: {
      command: rev.command.map(rewrite),
      env,
      cwd,
      workDir,
      files,
      dirs,
      graceMs: (typeof grace === 'number' && grace >= 0 ? grace : DEFAULT_GRACE_SECONDS) * 1000,
    },
  };
}

function mapValues<T, U>(
  record: Record<string, T> | undefined,
  f: (v: T) => U,
): Record<string, U> | undefined {
  if (!record) return undefined;
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record)) out[k] = f(v);
  return out;
}
