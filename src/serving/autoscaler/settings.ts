/**
 * One revision's effective autoscaling settings: `config-autoscaler` overridden by the revision's
 * `autoscaling.knative.dev/*` annotations, resolved the way Knative builds a PodAutoscaler's Decider and
 * Metric (pkg/reconciler/autoscaling/resources/target.go ResolveMetricTarget, metric.go MakeMetric,
 * kpa/resources/decider.go MakeDecider, pa_lifecycle.go ScaleBounds).
 */
import { parseGoDuration } from '../../api/common/duration.js';
import { parseAutoscalingAnnotations } from '../../api/serving/autoscaling-annotations.js';
import { type AutoscalerConfig, BUCKET_MS, TARGET_MIN } from './config.js';

export type ScalingMetric = 'concurrency' | 'rps';

export const PROGRESS_DEADLINE_ANNOTATION = 'serving.knative.dev/progress-deadline';
/** Knative's config-deployment `progress-deadline` default. */
export const DEFAULT_PROGRESS_DEADLINE_MS = 600_000;
/** Knative's `activationTimeoutBuffer` (kpa/scaler.go). */
export const ACTIVATION_TIMEOUT_BUFFER_MS = 30_000;

export interface EffectiveSettings {
  metric: ScalingMetric;
  /** Knative's `TargetValue`: the per-replica value the KPA aims for (total × utilization, ≥ 0.01). */
  targetValue: number;
  /** Knative's `TotalValue`: the per-replica capacity (containerConcurrency, target or metric default). */
  totalValue: number;
  /** -1 = unlimited (the activator always in the path). */
  targetBurstCapacity: number;
  /** A fraction: 2 = 200%. */
  panicThreshold: number;
  stableWindowMs: number;
  /** stable × panic-window-percentage / 100, rounded to the second, at least 1 s. */
  panicWindowMs: number;
  /** `linear` (Knative's default) or `weightedExponential`. */
  aggregation: 'linear' | 'weightedExponential';
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  scaleDownDelayMs: number;
  minScale: number;
  /** 0 = unbounded. */
  maxScale: number;
  /** Knative's GetInitialScale. */
  initialScale: number;
  /** The smallest non-zero scale; 1 has no effect. */
  activationScale: number;
  enableScaleToZero: boolean;
  scaleToZeroGracePeriodMs: number;
  /** Knative's lastPodRetention: 0 when unreachable. */
  scaleToZeroPodRetentionPeriodMs: number;
  /** Activating this long (progress deadline + 30 s) gives up and scales to zero. */
  activationTimeoutMs: number;
  /** False when no route sends traffic here: min-scale and initial-scale are ignored, scale-down is free. */
  reachable: boolean;
}

export interface RevisionSettingsOptions {
  /** @defaultValue true */
  reachable?: boolean;
  /** config-deployment's `progress-deadline`. @defaultValue 600_000 ms */
  progressDeadlineMs?: number;
}

export function revisionSettings(
  config: AutoscalerConfig,
  annotations: Record<string, string> | undefined,
  containerConcurrency: number,
  options: RevisionSettingsOptions = {},
): EffectiveSettings {
  const a = parseAutoscalingAnnotations(annotations);
  const reachable = options.reachable ?? true;
  const metric: ScalingMetric = a.metric === 'rps' ? 'rps' : 'concurrency';
  const { target, total } = resolveMetricTarget(config, metric, containerConcurrency, a);
  const stableWindowMs = a.windowMs ?? config.stableWindowMs;
  const panicPercentage = a.panicWindowPercentage ?? config.panicWindowPercentage;
  const progressRaw = annotations?.[PROGRESS_DEADLINE_ANNOTATION];
  const progressDeadlineMs =
    (progressRaw === undefined ? undefined : parseGoDuration(progressRaw)) ??
    options.progressDeadlineMs ??
    DEFAULT_PROGRESS_DEADLINE_MS;
  const initialFromAnnotation =
    a.initialScale !== undefined && (a.initialScale > 0 || config.allowZeroInitialScale);
  return {
    metric,
    targetValue: target,
    totalValue: total,
    targetBurstCapacity: a.targetBurstCapacity ?? config.targetBurstCapacity,
    panicThreshold: (a.panicThresholdPercentage ?? config.panicThresholdPercentage) / 100,
    stableWindowMs,
    panicWindowMs: panicWindowMs(stableWindowMs, panicPercentage),
    // Both of Knative's spellings (Metric.AggregationAlgorithm normalizes the camelCase one).
    aggregation:
      a.metricAggregationAlgorithm === 'weighted-exponential' ||
      a.metricAggregationAlgorithm === 'weightedExponential'
        ? 'weightedExponential'
        : 'linear',
    maxScaleUpRate: config.maxScaleUpRate,
    maxScaleDownRate: config.maxScaleDownRate,
    scaleDownDelayMs: a.scaleDownDelayMs ?? config.scaleDownDelayMs,
    minScale: reachable ? (a.minScale ?? config.minScale) : 0,
    maxScale: a.maxScale ?? config.maxScale,
    initialScale: initialFromAnnotation ? a.initialScale! : config.initialScale,
    activationScale: a.activationScale ?? config.activationScale,
    enableScaleToZero: config.enableScaleToZero,
    scaleToZeroGracePeriodMs: config.scaleToZeroGracePeriodMs,
    scaleToZeroPodRetentionPeriodMs: reachable
      ? (a.scaleToZeroPodRetentionPeriodMs ?? config.scaleToZeroPodRetentionPeriodMs)
      : 0,
    activationTimeoutMs: progressDeadlineMs + ACTIVATION_TIMEOUT_BUFFER_MS,
    reachable,
  };
}

/**
 * Knative's ResolveMetricTarget. Concurrency: total = containerConcurrency, or the default target when it
 * is 0; an annotation target replaces it but never exceeds a non-zero containerConcurrency. Rps: total =
 * the rps default or the annotation. Then target = max(0.01, total × utilization).
 */
export function resolveMetricTarget(
  config: AutoscalerConfig,
  metric: ScalingMetric,
  containerConcurrency: number,
  annotations: { target?: number; targetUtilizationPercentage?: number },
): { target: number; total: number } {
  let total: number;
  let utilization: number;
  if (metric === 'rps') {
    total = config.rpsTargetDefault;
    utilization = config.targetUtilization;
  } else {
    total = containerConcurrency || config.containerConcurrencyTargetDefault;
    utilization = config.containerConcurrencyTargetFraction;
  }
  if (annotations.target !== undefined) {
    total =
      metric === 'concurrency' && containerConcurrency !== 0
        ? Math.min(annotations.target, containerConcurrency)
        : annotations.target;
  }
  if (annotations.targetUtilizationPercentage !== undefined)
    utilization = annotations.targetUtilizationPercentage / 100;
  return { target: Math.max(TARGET_MIN, total * utilization), total };
}

/** Knative's MakeMetric panic window: rounded to the second, never below one bucket. */
export function panicWindowMs(stableWindowMs: number, panicWindowPercentage: number): number {
  const rounded = Math.round((stableWindowMs * panicWindowPercentage) / 100 / 1000) * 1000;
  return Math.max(BUCKET_MS, rounded);
}
