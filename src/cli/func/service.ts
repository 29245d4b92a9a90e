/**
 * The Knative Service `ebb func deploy` sends for a function project (a pure builder): one container that
 * runs `ebb func serve <handler>` in the project's folder (the `ebb.dev/source-dir` annotation), func's
 * health probes, env from func.yaml and `--env`, annotations from func.yaml and `--annotation` (on the
 * revision template, and on the Service too except `autoscaling.knative.dev/*`, which Knative accepts only
 * on the template), func's labels, and the source digest on the revision template, so a code change makes a new Revision.
 */
import type { KObject } from '../../api/object.js';
import { withSourceDir } from '../source-dir.js';
import { containerEnv } from './env.js';
import type { FunctionProject } from './project.js';

export const FUNC_DIGEST_ANNOTATION = 'ebb.dev/func-digest';
export const FUNC_NAME_LABEL = 'function.knative.dev/name';
export const FUNC_RUNTIME_LABEL = 'function.knative.dev/runtime';
/** The image of a function whose func.yaml names none: Ebb runs the command, the image is a label. */
export const DEFAULT_IMAGE_PREFIX = 'ebb.dev/func/';
export const READINESS_PATH = '/health/readiness';
export const LIVENESS_PATH = '/health/liveness';
/** Annotations Knative takes only on a revision template. */
const TEMPLATE_ONLY_PREFIX = 'autoscaling.knative.dev/';

export interface FunctionServiceOptions {
  project: FunctionProject;
  name: string;
  namespace: string;
  /** `sourceDigest(project.dir)`. */
  digest: string;
  env?: [string, string][];
  annotations?: [string, string][];
  /** Where `{{ env:NAME }}` references are read. @defaultValue process.env */
  localEnv?: NodeJS.ProcessEnv;
}

export function functionService(opts: FunctionServiceOptions): KObject {
  const { project, name, namespace } = opts;
  const labels: Record<string, string> = { [FUNC_NAME_LABEL]: name };
  if (project.runtime) labels[FUNC_RUNTIME_LABEL] = project.runtime;
  const annotations = { ...project.annotations, ...Object.fromEntries(opts.annotations ?? []) };
  const serviceAnnotations = Object.fromEntries(
    Object.entries(annotations).filter(([key]) => !key.startsWith(TEMPLATE_ONLY_PREFIX)),
  );
  const { env, envFrom } = containerEnv(project.envs, opts.env ?? [], opts.localEnv ?? process.env);
  const container: Record<string, unknown> = {
    image: project.image ?? `${DEFAULT_IMAGE_PREFIX}${name}`,
    command: ['ebb', 'func', 'serve', project.handler],
    readinessProbe: { httpGet: { path: READINESS_PATH } },
    livenessProbe: { httpGet: { path: LIVENESS_PATH } },
  };
  if (env.length > 0) container.env = env;
  if (envFrom.length > 0) container.envFrom = envFrom;
  const service: KObject = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { ...labels }, annotations: serviceAnnotations },
    spec: {
      template: {
        metadata: {
          labels: { ...labels },
          annotations: { ...annotations, [FUNC_DIGEST_ANNOTATION]: opts.digest },
        },
        spec: { containers: [container] },
      },
    },
  };
  return withSourceDir(service, project.dir);
}
