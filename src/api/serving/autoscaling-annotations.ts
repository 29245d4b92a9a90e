/**
 * The `autoscaling.knative.dev/*` annotations on a revision template (and on a Revision): their names,
 * old camelCase aliases included, Knative's validation (pkg/apis/autoscaling/annotation_validation.go)
 * and a pure parser the autoscaler uses. Validation paths are `[key]`, to be prefixed with
 * `metadata.annotations` by the caller.
 */
import { formatGoDuration, parseGoDuration } from '../common/duration.js';
import { MAX_INT32, parseFloatStrict, parseInt32 } from '../common/numbers.js';
import { FieldError } from '../field-error.js';
import type { AutoscalerLimits } from './config.js';

export const AUTOSCALING_PREFIX = 'autoscaling.knative.dev/';
const key = (...names: string[]) => names.map((n) => AUTOSCALING_PREFIX + n);

/** Each setting's keys, the current name first (Knative's `kmap.KeyPriority`). */
export const AUTOSCALING_KEYS = {
  class: key('class'),
  metric: key('metric'),
  minScale: key('min-scale', 'minScale'),
  maxScale: key('max-scale', 'maxScale'),
  initialScale: key('initial-scale', 'initialScale'),
  activationScale: key('activation-scale'),
  target: key('target'),
  targetUtilizationPercentage: key('target-utilization-percentage', 'targetUtilizationPercentage'),
  targetBurstCapacity: key('target-burst-capacity', 'targetBurstCapacity'),
  window: key('window'),
  panicWindowPercentage: key('panic-window-percentage', 'panicWindowPercentage'),
  panicThresholdPercentage: key('panic-threshold-percentage', 'panicThresholdPercentage'),
  scaleDownDelay: key('scale-down-delay', 'scaleDownDelay'),
  scaleToZeroPodRetentionPeriod: key('scale-to-zero-pod-retention-period', 'scaleToZeroPodRetentionPeriod'),
  metricAggregationAlgorithm: key('metric-aggregation-algorithm', 'metricAggregationAlgorithm'),
} as const;

export type AutoscalingSetting = keyof typeof AUTOSCALING_KEYS;

export const KPA_CLASS = 'kpa.autoscaling.knative.dev';
export const HPA_CLASS = 'hpa.autoscaling.knative.dev';
export const WINDOW_MIN_MS = 6_000;
export const WINDOW_MAX_MS = 3_600_000;
export const PANIC_WINDOW_PERCENTAGE_MIN = 1;
export const PANIC_WINDOW_PERCENTAGE_MAX = 100;
export const PANIC_THRESHOLD_PERCENTAGE_MIN = 110;
export const PANIC_THRESHOLD_PERCENTAGE_MAX = 1000;
export const TARGET_MIN = 0.01;
const KPA_METRICS = ['concurrency', 'rps'];
/** Knative's spellings: `weighted-exponential` is canonical, `weightedExponential` the accepted alternative. */
const ALGORITHMS = ['linear', 'weighted-exponential', 'weightedExponential'];

type Annotations = Record<string, string>;

/** The first key of `setting` present in `annotations`, with its value. */
export function getAnnotation(
  annotations: Annotations,
  setting: AutoscalingSetting,
): [string, string] | undefined {
  for (const k of AUTOSCALING_KEYS[setting]) {
    const value = annotations[k];
    if (value !== undefined) return [k, value];
  }
  return undefined;
}

/** knative.dev/pkg's spelling: the key is a field name under `annotations` (`annotations.autoscaling.knative.dev/window`). */
const at = (k: string) => k;
const invalidValue = (v: string, k: string) => FieldError.invalidValue(v, at(k));
const outOfBounds = (v: unknown, lo: unknown, hi: unknown, k: string) =>
  FieldError.outOfBounds(v, lo, hi, at(k));

export function validateAutoscalingAnnotations(
  annotations: Annotations,
  limits: AutoscalerLimits,
): FieldError {
  return validateMultipleKeys(annotations).also(
    validateClassAndMetric(annotations),
    validateMinMaxScale(annotations, limits),
    validateFloats(annotations),
    validateDuration(annotations, 'window', WINDOW_MIN_MS, WINDOW_MAX_MS, true),
    validateDuration(annotations, 'scaleDownDelay', 0, WINDOW_MAX_MS, true),
    validateDuration(annotations, 'scaleToZeroPodRetentionPeriod', 0, WINDOW_MAX_MS, false),
    validateInitialScale(annotations, limits),
    validateAlgorithm(annotations),
  );
}

function validateMultipleKeys(annotations: Annotations): FieldError {
  let errs = FieldError.empty();
  for (const keys of Object.values(AUTOSCALING_KEYS)) {
    const present = keys.filter((k) => annotations[k] !== undefined);
    if (present.length > 1) errs = errs.also(FieldError.of('multiple keys set', present.map(at)));
  }
  return errs;
}

function validateClassAndMetric(annotations: Annotations): FieldError {
  let errs = FieldError.empty();
  const cls = getAnnotation(annotations, 'class');
  if (cls?.[1].endsWith('.knative.dev') && cls[1] !== KPA_CLASS && cls[1] !== HPA_CLASS) {
    errs = errs.also(invalidValue(cls[1], cls[0]));
  }
  const metric = getAnnotation(annotations, 'metric');
  if (metric) {
    // Knative's validateMetric: the KPA takes concurrency or rps; the HPA any metric but none; other
    // classes are left alone.
    const className = cls?.[1] ?? KPA_CLASS;
    const bad =
      className === KPA_CLASS
        ? !KPA_METRICS.includes(metric[1])
        : className === HPA_CLASS
          ? metric[1] === ''
          : false;
    if (bad) errs = errs.also(invalidValue(metric[1], metric[0]));
  }
  return errs;
}

/** A non-negative int32 (Knative's getIntGE0). */
function intGE0(
  annotations: Annotations,
  setting: AutoscalingSetting,
): { value: number; error?: FieldError } {
  const found = getAnnotation(annotations, setting);
  if (!found) return { value: 0 };
  const [k, v] = found;
  const parsed = parseInt32(v);
  if (!parsed.ok) {
    return {
      value: 0,
      error: parsed.reason === 'range' ? outOfBounds(v, 0, MAX_INT32, k) : invalidValue(v, k),
    };
  }
  if (parsed.value < 0) return { value: 0, error: outOfBounds(v, 0, MAX_INT32, k) };
  return { value: parsed.value };
}

function validateMinMaxScale(annotations: Annotations, limits: AutoscalerLimits): FieldError {
  const min = intGE0(annotations, 'minScale');
  const max = intGE0(annotations, 'maxScale');
  let errs = FieldError.empty().also(min.error, max.error);
  const maxKey = getAnnotation(annotations, 'maxScale')?.[0] ?? AUTOSCALING_KEYS.maxScale[0];
  const minKey = getAnnotation(annotations, 'minScale')?.[0] ?? AUTOSCALING_KEYS.minScale[0];
  if (limits.maxScaleLimit > 0 && !max.error && (max.value === 0 || max.value > limits.maxScaleLimit)) {
    errs = errs.also(outOfBounds(max.value, 1, limits.maxScaleLimit, maxKey));
  }
  if (max.value !== 0 && max.value < min.value) {
    errs = errs.also(
      FieldError.of(`max-scale=${max.value} is less than min-scale=${min.value}`, [at(maxKey), at(minKey)]),
    );
  }
  const activation = getAnnotation(annotations, 'activationScale');
  if (activation) {
    // Knative's order of checks and words (min ≤ activation ≤ max, and more than 1).
    const [k, v] = activation;
    const parsed = parseInt32(v);
    if (!parsed.ok) errs = errs.also(invalidValue(v, k));
    else if (min.value > parsed.value)
      errs = errs.also(
        FieldError.of(`min-scale=${min.value} is greater than activation-scale=${parsed.value}`, at(k)),
      );
    else if (max.value !== 0 && max.value < parsed.value)
      errs = errs.also(
        FieldError.of(`max-scale=${max.value} is less than activation-scale=${parsed.value}`, at(k)),
      );
    else if (parsed.value < 2)
      errs = errs.also(FieldError.of(`activation-scale=${parsed.value} must be greater than 1`, at(k)));
  }
  return errs;
}

function validateFloats(annotations: Annotations): FieldError {
  let errs = FieldError.empty();
  const ranged = (setting: AutoscalingSetting, lo: number, hi: number) => {
    const found = getAnnotation(annotations, setting);
    if (!found) return;
    const value = parseFloatStrict(found[1]);
    if (value === undefined) errs = errs.also(invalidValue(found[1], found[0]));
    else if (value < lo || value > hi) errs = errs.also(outOfBounds(found[1], lo, hi, found[0]));
  };
  ranged('panicWindowPercentage', PANIC_WINDOW_PERCENTAGE_MIN, PANIC_WINDOW_PERCENTAGE_MAX);
  ranged('panicThresholdPercentage', PANIC_THRESHOLD_PERCENTAGE_MIN, PANIC_THRESHOLD_PERCENTAGE_MAX);
  ranged('targetUtilizationPercentage', 1, 100);
  const target = getAnnotation(annotations, 'target');
  if (target) {
    const value = parseFloatStrict(target[1]);
    if (value === undefined || value < TARGET_MIN) errs = errs.also(invalidValue(target[1], target[0]));
  }
  const burst = getAnnotation(annotations, 'targetBurstCapacity');
  if (burst) {
    const value = parseFloatStrict(burst[1]);
    if (value === undefined || (value < 0 && value !== -1))
      errs = errs.also(invalidValue(burst[1], burst[0]));
  }
  return errs;
}

function validateDuration(
  annotations: Annotations,
  setting: AutoscalingSetting,
  minMs: number,
  maxMs: number,
  wholeSeconds: boolean,
): FieldError {
  const found = getAnnotation(annotations, setting);
  if (!found) return FieldError.empty();
  const [k, v] = found;
  const ms = parseGoDuration(v);
  if (ms === undefined) return invalidValue(v, k);
  if (ms < minMs || ms > maxMs) return outOfBounds(v, formatGoDuration(minMs), formatGoDuration(maxMs), k);
  if (wholeSeconds && ms % 1000 !== 0)
    return FieldError.of('must be specified with at most second precision', at(k));
  return FieldError.empty();
}

function validateInitialScale(annotations: Annotations, limits: AutoscalerLimits): FieldError {
  const found = getAnnotation(annotations, 'initialScale');
  if (!found) return FieldError.empty();
  const parsed = parseInt32(found[1]);
  if (!parsed.ok || parsed.value < 0 || (parsed.value === 0 && !limits.allowZeroInitialScale)) {
    return invalidValue(found[1], found[0]);
  }
  return FieldError.empty();
}

/** Knative checks the algorithm only when the class annotation says KPA (custom autoscalers have their own). */
function validateAlgorithm(annotations: Annotations): FieldError {
  if (getAnnotation(annotations, 'class')?.[1] !== KPA_CLASS) return FieldError.empty();
  const found = getAnnotation(annotations, 'metricAggregationAlgorithm');
  if (found && !ALGORITHMS.includes(found[1])) return invalidValue(found[1], found[0]);
  return FieldError.empty();
}

/** Autoscaling settings read from annotations; a setting is absent when unset or invalid. */
export interface AutoscalingSettings {
  class?: string;
  metric?: string;
  minScale?: number;
  maxScale?: number;
  initialScale?: number;
  activationScale?: number;
  target?: number;
  targetUtilizationPercentage?: number;
  targetBurstCapacity?: number;
  windowMs?: number;
  panicWindowPercentage?: number;
  panicThresholdPercentage?: number;
  scaleDownDelayMs?: number;
  scaleToZeroPodRetentionPeriodMs?: number;
  metricAggregationAlgorithm?: string;
}

/** Pure parse for the autoscaler: numbers as numbers, durations in milliseconds, invalid values dropped. */
export function parseAutoscalingAnnotations(
  annotations: Record<string, string> | undefined,
): AutoscalingSettings {
  const anns = annotations ?? {};
  const out: AutoscalingSettings = {};
  const str = (s: AutoscalingSetting) => getAnnotation(anns, s)?.[1];
  const int = (s: AutoscalingSetting, min: number) => {
    const v = str(s);
    const parsed = v === undefined ? undefined : parseInt32(v);
    return parsed?.ok && parsed.value >= min ? parsed.value : undefined;
  };
  const float = (s: AutoscalingSetting) => {
    const v = str(s);
    return v === undefined ? undefined : parseFloatStrict(v);
  };
  const duration = (s: AutoscalingSetting) => {
    const v = str(s);
    const ms = v === undefined ? undefined : parseGoDuration(v);
    return ms !== undefined && ms >= 0 ? ms : undefined;
  };
  const set = <K extends keyof AutoscalingSettings>(k: K, v: AutoscalingSettings[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('class', str('class'));
  set('metric', str('metric'));
  set('minScale', int('minScale', 0));
  set('maxScale', int('maxScale', 0));
  set('initialScale', int('initialScale', 0));
  set('activationScale', int('activationScale', 1));
  set('target', float('target'));
  set('targetUtilizationPercentage', float('targetUtilizationPercentage'));
  set('targetBurstCapacity', float('targetBurstCapacity'));
  set('windowMs', duration('window'));
  set('panicWindowPercentage', float('panicWindowPercentage'));
  set('panicThresholdPercentage', float('panicThresholdPercentage'));
  set('scaleDownDelayMs', duration('scaleDownDelay'));
  set('scaleToZeroPodRetentionPeriodMs', duration('scaleToZeroPodRetentionPeriod'));
  set('metricAggregationAlgorithm', str('metricAggregationAlgorithm'));
  return out;
}

/** Autoscaling annotations on an object that does not scale (Service, Configuration, Route metadata). */
export function validateNoAutoscalingAnnotations(annotations: Annotations): FieldError {
  let errs = FieldError.empty();
  for (const k of Object.keys(annotations)) {
    if (k.startsWith(AUTOSCALING_PREFIX)) {
      errs = errs.also(
        FieldError.of(
          `invalid key name "${k}"`,
          '',
          'FieldValueInvalid',
          'autoscaling annotations must be put under "spec.template.metadata.annotations" to work',
        ),
      );
    }
  }
  return errs;
}
