/**
 * The pod-spec fields Knative lets through only with a config-features flag (knative.dev/serving
 * fieldmask.go PodSpecMask, all off by default): a field set while its flag is not `enabled` or `allowed`
 * is refused with Knative's "must not set the field(s)". `hostNetwork`, `hostPID` and `hostIPC` are never
 * allowed when true, nor `automountServiceAccountToken: true`. On one machine none of them changes how a
 * replica runs; they are kept so that the same manifest is accepted exactly where Knative accepts it.
 */
import { FieldError } from '../field-error.js';
import type { ValidationContext } from '../kind.js';

const FLAGS: Record<string, string> = {
  affinity: 'kubernetes.podspec-affinity',
  topologySpreadConstraints: 'kubernetes.podspec-topologyspreadconstraints',
  hostAliases: 'kubernetes.podspec-hostaliases',
  nodeSelector: 'kubernetes.podspec-nodeselector',
  runtimeClassName: 'kubernetes.podspec-runtimeclassname',
  tolerations: 'kubernetes.podspec-tolerations',
  securityContext: 'kubernetes.podspec-securitycontext',
  shareProcessNamespace: 'kubernetes.podspec-shareprocessnamespace',
  priorityClassName: 'kubernetes.podspec-priorityclassname',
  schedulerName: 'kubernetes.podspec-schedulername',
  dnsPolicy: 'kubernetes.podspec-dnspolicy',
  dnsConfig: 'kubernetes.podspec-dnsconfig',
};

const POD_SECURITY_FIELDS = [
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'fsGroup',
  'supplementalGroups',
  'seccompProfile',
];

/** Go's zero values are "not set" for a mask. */
const isSet = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  v !== '' &&
  v !== false &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** Errors relative to the pod spec. */
export function validatePodSpecFeatures(spec: Record<string, unknown>, ctx: ValidationContext): FieldError {
  const features = ctx.config('knative-serving', 'config-features') ?? {};
  const on = (flag: string) => ['enabled', 'allowed'].includes((features[flag] ?? '').trim().toLowerCase());
  const refused: string[] = [];
  for (const [field, flag] of Object.entries(FLAGS)) if (isSet(spec[field]) && !on(flag)) refused.push(field);
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[field] === true) refused.push(field);
  if (spec.automountServiceAccountToken === true) refused.push('automountServiceAccountToken');
  // PodSecurityContextMask: with the flag, the user and group fields and seccompProfile; without, none.
  const sc = spec.securityContext;
  if (sc && typeof sc === 'object' && !Array.isArray(sc)) {
    const allowed = on(FLAGS.securityContext!) ? POD_SECURITY_FIELDS : [];
    for (const [k, v] of Object.entries(sc))
      if (isSet(v) && !allowed.includes(k)) refused.push(`securityContext.${k}`);
  }
  return refused.length > 0 ? FieldError.disallowed(...refused.sort()) : FieldError.empty();
}
