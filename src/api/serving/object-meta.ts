/**
 * What Knative's webhook adds to Kubernetes' metadata checks for serving kinds (knative.dev/pkg
 * ValidateObjectMetadata and serving's metadata_validation.go): names are DNS-1035 labels (they become
 * hostnames), and autoscaling annotations belong on revisions, not on their parents. Ebb adds that an
 * `ebb.dev/source-dir` annotation is an absolute path. Paths are relative to `metadata`; syntax errors
 * Kubernetes' own checks already report are not repeated.
 */
import { stringMap, validateAnnotations } from '../common/metadata.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../common/names.js';
import { FieldError } from '../field-error.js';
import type { ValidationContext } from '../kind.js';
import type { KObject } from '../object.js';
import { isPlainObject } from '../object.js';
import {
  validateAutoscalingAnnotations,
  validateNoAutoscalingAnnotations,
} from './autoscaling-annotations.js';
import { autoscalerLimits } from './config.js';
import { validateRolloutDuration } from './rollout-duration.js';
import { validateSourceDirAnnotation } from './source-dir.js';

export const SERVING_GROUP = 'serving.knative.dev';
/** Stored v1; v1beta1 has the same shape; v1alpha1 converts (conversion.ts). */
export const SERVING_VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];

export function validateServingMeta(
  obj: KObject,
  allowAutoscaling: boolean,
  ctx: ValidationContext,
): FieldError {
  const meta: unknown = obj.metadata;
  if (!isPlainObject(meta)) return FieldError.empty();
  let errs = FieldError.empty();
  for (const [field, prefix] of [
    ['name', false],
    ['generateName', true],
  ] as const) {
    const value = meta[field];
    if (typeof value !== 'string' || value === '' || isDNS1123Subdomain(value).length > 0) continue;
    const msgs = isDNS1035Label(prefix ? value.replace(/(.)-$/, '$1a') : value);
    if (msgs.length > 0) {
      const label = prefix ? 'not a DNS 1035 label prefix' : 'not a DNS 1035 label';
      errs = errs.also(FieldError.of(`${label}: [${msgs.join(' ')}]`, field));
    }
  }
  if (validateAnnotations(meta.annotations).isEmpty) {
    const annotations = stringMap(meta.annotations);
    const annotationErrs = allowAutoscaling
      ? validateAutoscalingAnnotations(annotations, autoscalerLimits(ctx))
      : validateNoAutoscalingAnnotations(annotations);
    errs = errs.also(
      annotationErrs.viaField('annotations'),
      validateSourceDirAnnotation(annotations).viaField('annotations'),
    );
    if (obj.kind === 'Service' || obj.kind === 'Route')
      errs = errs.also(validateRolloutDuration(annotations).viaField('annotations'));
  }
  return errs;
}

/** Name and generateName of an object, for the revision-name prefix rule. */
export function parentMeta(obj: KObject): { name: string; generateName: string } {
  const meta: unknown = obj.metadata;
  if (!isPlainObject(meta)) return { name: '', generateName: '' };
  return {
    name: typeof meta.name === 'string' ? meta.name : '',
    generateName: typeof meta.generateName === 'string' ? meta.generateName : '',
  };
}
