/**
 * `serving.knative.dev/rollout-duration` (also `rolloutDuration`) on a Service or Route: how long a new
 * revision's traffic share ramps up. Knative's ValidateRolloutDurationAnnotation: a Go duration, at
 * second precision, not negative. Errors are relative to `annotations`.
 */
import { parseGoDuration } from '../common/duration.js';
import { FieldError } from '../field-error.js';

export const ROLLOUT_DURATION_KEYS = [
  'serving.knative.dev/rollout-duration',
  'serving.knative.dev/rolloutDuration',
];

export function validateRolloutDuration(annotations: Record<string, string>): FieldError {
  const key = ROLLOUT_DURATION_KEYS.find((k) => annotations[k] !== undefined);
  const value = key === undefined ? '' : annotations[key]!;
  if (key === undefined || value === '') return FieldError.empty();
  const ms = parseGoDuration(value);
  const at = key; // knative.dev/pkg's spelling: annotations.serving.knative.dev/rollout-duration
  if (ms === undefined) return FieldError.invalidValue(value, at);
  if (ms % 1000 !== 0) return FieldError.of(`rollout-duration=${value} is not at second precision`, at);
  if (ms < 0) return FieldError.of(`rollout-duration=${value} must be positive`, at);
  return FieldError.empty();
}
