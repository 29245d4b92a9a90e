/**
 * The `config-autoscaler` ConfigMap: Knative's defaults, parse order, fraction handling and validation
 * messages (knative/serving pkg/autoscaler/config/config.go), so a ConfigMap written for a Knative cluster
 * means the same here and a bad one fails with the same words.
 */
import { formatGoDuration } from '../../api/common/duration.js';
import { EbbError } from '../../errors.js';
import {
  formatGoFixed,
  formatGoFloat,
  type GoParse,
  goParseBool,
  goParseDuration,
  goParseFloat,
  goParseInt32,
} from './go-values.js';

export const CONFIG_AUTOSCALER_NAME = 'config-autoscaler';

export const DEFAULT_TARGET_UTILIZATION = 0.7;
export const DEFAULT_CONTAINER_CONCURRENCY_TARGET = 100;
export const DEFAULT_RPS_TARGET = 200;
export const DEFAULT_TARGET_BURST_CAPACITY = 211;
export const DEFAULT_ACTIVATOR_CAPACITY = 100;
export const DEFAULT_MAX_SCALE_UP_RATE = 1000;
export const DEFAULT_MAX_SCALE_DOWN_RATE = 2;
export const DEFAULT_PANIC_WINDOW_PERCENTAGE = 10;
export const DEFAULT_PANIC_THRESHOLD_PERCENTAGE = 200;
export const DEFAULT_STABLE_WINDOW_MS = 60_000;
export const DEFAULT_SCALE_TO_ZERO_GRACE_PERIOD_MS = 30_000;
export const DEFAULT_SCALE_TO_ZERO_POD_RETENTION_PERIOD_MS = 0;
export const DEFAULT_SCALE_DOWN_DELAY_MS = 0;
export const DEFAULT_INITIAL_SCALE = 1;
export const DEFAULT_ACTIVATION_SCALE = 1;
/** Knative's `autoscaling.TargetMin`: the smallest per-replica target. */
export const TARGET_MIN = 0.01;
/** Knative's `autoscaling.WindowMin` / `WindowMax` for the stable window. */
export const STABLE_WINDOW_MIN_MS = 6_000;
export const STABLE_WINDOW_MAX_MS = 3_600_000;
/** Knative's `BucketSize`: metrics are kept in one-second buckets. */
export const BUCKET_MS = 1_000;

/** Parsed `config-autoscaler`. Percentages stay percentages except the concurrency utilization. */
export interface AutoscalerConfig {
  /** `enable-scale-to-zero` @defaultValue true */
  enableScaleToZero: boolean;
  /** `container-concurrency-target-percentage` as a fraction in (0, 1]. @defaultValue 0.7 */
  containerConcurrencyTargetFraction: number;
  /** `container-concurrency-target-default` @defaultValue 100 */
  containerConcurrencyTargetDefault: number;
  /** Utilization for the rps metric; not a ConfigMap key in Knative either. @defaultValue 0.7 */
  targetUtilization: number;
  /** `requests-per-second-target-default` @defaultValue 200 */
  rpsTargetDefault: number;
  /** `target-burst-capacity`; -1 = unlimited. @defaultValue 211 */
  targetBurstCapacity: number;
  /** `activator-capacity` @defaultValue 100 */
  activatorCapacity: number;
  /** `allow-zero-initial-scale` @defaultValue false */
  allowZeroInitialScale: boolean;
  /** `initial-scale` @defaultValue 1 */
  initialScale: number;
  /** `min-scale` @defaultValue 0 */
  minScale: number;
  /** `max-scale`; 0 = unbounded. @defaultValue 0 */
  maxScale: number;
  /** `max-scale-limit`; 0 = no limit. @defaultValue 0 */
  maxScaleLimit: number;
  /** `activation-scale` (an Ebb addition; Knative has only the annotation). @defaultValue 1 */
  activationScale: number;
  /** `max-scale-up-rate` @defaultValue 1000 */
  maxScaleUpRate: number;
  /** `max-scale-down-rate` @defaultValue 2 */
  maxScaleDownRate: number;
  /** `stable-window` @defaultValue 60_000 ms */
  stableWindowMs: number;
  /** `panic-window-percentage` @defaultValue 10 */
  panicWindowPercentage: number;
  /** `panic-threshold-percentage` @defaultValue 200 */
  panicThresholdPercentage: number;
  /** `scale-to-zero-grace-period` @defaultValue 30_000 ms */
  scaleToZeroGracePeriodMs: number;
  /** `scale-to-zero-pod-retention-period` @defaultValue 0 ms */
  scaleToZeroPodRetentionPeriodMs: number;
  /** `scale-down-delay` @defaultValue 0 ms */
  scaleDownDelayMs: number;
  /** `pod-autoscaler-class` @defaultValue "kpa.autoscaling.knative.dev" */
  podAutoscalerClass: string;
}

export function defaultConfig(): AutoscalerConfig {
  return {
    enableScaleToZero: true,
    containerConcurrencyTargetFraction: DEFAULT_TARGET_UTILIZATION,
    containerConcurrencyTargetDefault: DEFAULT_CONTAINER_CONCURRENCY_TARGET,
    targetUtilization: DEFAULT_TARGET_UTILIZATION,
    rpsTargetDefault: DEFAULT_RPS_TARGET,
    targetBurstCapacity: DEFAULT_TARGET_BURST_CAPACITY,
    activatorCapacity: DEFAULT_ACTIVATOR_CAPACITY,
    allowZeroInitialScale: false,
    initialScale: DEFAULT_INITIAL_SCALE,
    minScale: 0,
    maxScale: 0,
    maxScaleLimit: 0,
    activationScale: DEFAULT_ACTIVATION_SCALE,
    maxScaleUpRate: DEFAULT_MAX_SCALE_UP_RATE,
    maxScaleDownRate: DEFAULT_MAX_SCALE_DOWN_RATE,
    stableWindowMs: DEFAULT_STABLE_WINDOW_MS,
    panicWindowPercentage: DEFAULT_PANIC_WINDOW_PERCENTAGE,
    panicThresholdPercentage: DEFAULT_PANIC_THRESHOLD_PERCENTAGE,
    scaleToZeroGracePeriodMs: DEFAULT_SCALE_TO_ZERO_GRACE_PERIOD_MS,
    scaleToZeroPodRetentionPeriodMs: DEFAULT_SCALE_TO_ZERO_POD_RETENTION_PERIOD_MS,
    scaleDownDelayMs: DEFAULT_SCALE_DOWN_DELAY_MS,
    podAutoscalerClass: 'kpa.autoscaling.knative.dev',
  };
}

/** A `config-autoscaler` that does not parse or validate; the message is Knative's. */
export class AutoscalerConfigError extends EbbError {
  constructor(message: string) {
    super('EBB_AUTOSCALER_CONFIG', message);
  }
}

type Keys<T> = {
  [K in keyof AutoscalerConfig]: AutoscalerConfig[K] extends T ? K : never;
}[keyof AutoscalerConfig];

/** Knative's `cm.Parse` list, in its order (the first bad key is the one reported). */
const PARSERS: [string, Keys<number> | Keys<boolean>, (s: string) => GoParse<number | boolean>][] = [
  ['enable-scale-to-zero', 'enableScaleToZero', goParseBool],
  ['allow-zero-initial-scale', 'allowZeroInitialScale', goParseBool],
  ['max-scale-up-rate', 'maxScaleUpRate', goParseFloat],
  ['max-scale-down-rate', 'maxScaleDownRate', goParseFloat],
  ['container-concurrency-target-percentage', 'containerConcurrencyTargetFraction', goParseFloat],
  ['container-concurrency-target-default', 'containerConcurrencyTargetDefault', goParseFloat],
  ['requests-per-second-target-default', 'rpsTargetDefault', goParseFloat],
  ['target-burst-capacity', 'targetBurstCapacity', goParseFloat],
  ['panic-window-percentage', 'panicWindowPercentage', goParseFloat],
  ['activator-capacity', 'activatorCapacity', goParseFloat],
  ['panic-threshold-percentage', 'panicThresholdPercentage', goParseFloat],
  ['initial-scale', 'initialScale', goParseInt32],
  ['min-scale', 'minScale', goParseInt32],
  ['max-scale', 'maxScale', goParseInt32],
  ['max-scale-limit', 'maxScaleLimit', goParseInt32],
  ['stable-window', 'stableWindowMs', goParseDuration],
  ['scale-down-delay', 'scaleDownDelayMs', goParseDuration],
  ['scale-to-zero-grace-period', 'scaleToZeroGracePeriodMs', goParseDuration],
  ['scale-to-zero-pod-retention-period', 'scaleToZeroPodRetentionPeriodMs', goParseDuration],
  ['activation-scale', 'activationScale', goParseInt32],
];

/** Knative's NewConfigFromMap: defaults, then the keys present, then validation. Throws on the first error. */
export function parseAutoscalerConfig(data: Record<string, string>): { config: AutoscalerConfig } {
  const config = defaultConfig();
  const fields = config as unknown as Record<string, number | boolean | string>;
  const cls = data['pod-autoscaler-class'];
  if (cls !== undefined) config.podAutoscalerClass = cls.trim();
  for (const [key, field, parse] of PARSERS) {
    const raw = data[key];
    if (raw === undefined) continue;
    const parsed = parse(raw);
    if (!parsed.ok) {
      throw new AutoscalerConfigError(
        `failed to parse data: failed to parse ${JSON.stringify(key)}: ${parsed.error}`,
      );
    }
    fields[field] = parsed.value;
  }
  // Knative accepts the legacy (0, 1] fraction too, so only values above 1 are percentages.
  if (config.containerConcurrencyTargetFraction > 1) config.containerConcurrencyTargetFraction /= 100;
  const problem = validateConfig(config);
  if (problem) throw new AutoscalerConfigError(problem);
  return { config };
}

/** Knative's validate(): the first violated rule's message, or undefined. */
export function validateConfig(c: AutoscalerConfig): string | undefined {
  const f = formatGoFloat;
  const d = formatGoDuration;
  if (!(c.scaleToZeroGracePeriodMs > 0))
    return `scale-to-zero-grace-period must be positive, was: ${d(c.scaleToZeroGracePeriodMs)}`;
  if (c.scaleDownDelayMs < 0) return `scale-down-delay cannot be negative, was: ${d(c.scaleDownDelayMs)}`;
  if (c.scaleDownDelayMs % 1000 !== 0)
    return `scale-down-delay = ${d(c.scaleDownDelayMs)}, must be specified with at most second precision`;
  if (c.scaleToZeroPodRetentionPeriodMs < 0)
    return `scale-to-zero-pod-retention-period cannot be negative, was: ${d(c.scaleToZeroPodRetentionPeriodMs)}`;
  if (c.targetBurstCapacity < 0 && c.targetBurstCapacity !== -1)
    return `target-burst-capacity must be either non-negative or -1 (for unlimited), was: ${formatGoFixed(c.targetBurstCapacity)}`;
  const fraction = c.containerConcurrencyTargetFraction;
  if (!(fraction > 0 && fraction <= 1))
    return `container-concurrency-target-percentage = ${formatGoFixed(fraction)} is outside of valid range of (0, 100]`;
  const target = fraction * c.containerConcurrencyTargetDefault;
  if (target < TARGET_MIN)
    return `container-concurrency-target-percentage and container-concurrency-target-default yield target concurrency of ${f(target)}, can't be less than ${f(TARGET_MIN)}`;
  if (c.rpsTargetDefault < TARGET_MIN)
    return `requests-per-second-target-default must be at least ${f(TARGET_MIN)}, was: ${f(c.rpsTargetDefault)}`;
  if (c.activatorCapacity < 1) return `activator-capacity = ${f(c.activatorCapacity)}, must be at least 1`;
  if (c.maxScaleUpRate <= 1) return `max-scale-up-rate = ${f(c.maxScaleUpRate)}, must be greater than 1.0`;
  if (c.maxScaleDownRate <= 1)
    return `max-scale-down-rate = ${f(c.maxScaleDownRate)}, must be greater than 1.0`;
  if (c.stableWindowMs < STABLE_WINDOW_MIN_MS || c.stableWindowMs > STABLE_WINDOW_MAX_MS)
    return `stable-window = ${d(c.stableWindowMs)}, must be in [${d(STABLE_WINDOW_MIN_MS)}; ${d(STABLE_WINDOW_MAX_MS)}] range`;
  if (c.stableWindowMs % 1000 !== 0)
    return `stable-window = ${d(c.stableWindowMs)}, must be specified with at most second precision`;
  if (c.panicWindowPercentage < 1 || c.panicWindowPercentage > 100)
    return `panic-window-percentage = ${f(c.panicWindowPercentage)}, must be in [1, 100] interval`;
  if (c.initialScale < 0 || (c.initialScale === 0 && !c.allowZeroInitialScale))
    return `initial-scale = ${c.initialScale}, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)`;
  if (c.minScale < 0) return `min-scale = ${c.minScale}, must be at least 0`;
  const minMaxScale = c.maxScaleLimit > 0 ? 1 : 0;
  if (c.maxScale < minMaxScale || (c.maxScaleLimit > 0 && c.maxScale > c.maxScaleLimit))
    return `max-scale = ${c.maxScale}, must be in [${minMaxScale}, max-scale-limit(${c.maxScaleLimit})] range`;
  if (c.maxScaleLimit < 0) return `max-scale-limit = ${c.maxScaleLimit}, must be at least 0`;
  if (c.minScale > c.maxScale && c.maxScale > 0)
    return `min-scale (${c.minScale}) must be less than max-scale (${c.maxScale})`;
  if (c.activationScale < 1) return `activation-scale = ${c.activationScale}, must be at least 1`;
  return undefined;
}
