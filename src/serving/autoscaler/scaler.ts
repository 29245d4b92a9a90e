/**
 * What happens to the decider's recommendation before it reaches the replicas: Knative's KPA reconciler
 * (pkg/reconciler/autoscaling/kpa/scaler.go `scale`, `handleScaleToZero`, `applyBounds`; kpa.go
 * `computeActiveCondition`, the SKS mode switch). Pure functions over a small PodAutoscaler state.
 *
 * Scale to zero takes two steps, as in Knative. A revision Active for at least the stable window whose
 * decider wants 0 is marked Inactive, and keeps its replicas. Once Inactive it drops to 0 when it has been
 * inactive for max(grace period, pod retention), or, sooner, when it has been inactive for the retention
 * period and the router has been "in proxy mode" (requests buffered by the activator) for the grace
 * period. Proxy mode follows Knative's SKS: serve only while replicas are wanted and the excess burst
 * capacity is ≥ 0, so with the default target-burst-capacity of 211 a lightly loaded revision is already
 * proxied and scales to zero right after being marked Inactive.
 */

/** Knative's `scaleUnknown`. */
export const SCALE_UNKNOWN = -1;

export type ActiveStatus = 'Unknown' | 'True' | 'False';

/** The parts of a PodAutoscaler's status the scaler reads and writes. */
export interface PaState {
  /** The Active condition: Unknown = activating, True = active, False = inactive. */
  active: ActiveStatus;
  /** When `active` last changed. */
  activeSinceMs: number;
  /** ScaleTargetInitialized: the initial scale was reached once. */
  scaleTargetInitialized: boolean;
  /** When the router went into proxy mode (Knative's SKS ProxyFor); undefined while serving. */
  proxySinceMs: number | undefined;
}

export interface ScaleBounds {
  minScale: number;
  /** 0 = unbounded. */
  maxScale: number;
}

export interface ScalerSpec extends ScaleBounds {
  initialScale: number;
  enableScaleToZero: boolean;
  stableWindowMs: number;
  scaleToZeroGracePeriodMs: number;
  scaleToZeroPodRetentionPeriodMs: number;
  activationTimeoutMs: number;
  reachable: boolean;
}

/** A PodAutoscaler just created: activating, its SKS in proxy mode. */
export function initialPaState(nowMs: number): PaState {
  return { active: 'Unknown', activeSinceMs: nowMs, scaleTargetInitialized: false, proxySinceMs: nowMs };
}

/** Knative's applyBounds: at least min, at most max unless max is 0. */
export function applyBounds(desired: number, { minScale, maxScale }: ScaleBounds): number {
  if (desired < minScale) return minScale;
  if (maxScale !== 0 && desired > maxScale) return maxScale;
  return desired;
}

/** The replica count a new revision starts with (Knative creates its Deployment at initial-scale). */
export function initialReplicas(spec: ScalerSpec): number {
  if (!spec.reachable) return applyBounds(0, { minScale: 0, maxScale: spec.maxScale });
  return applyBounds(spec.initialScale, spec);
}

export interface ScaleOutcome {
  /** The scale to report (may be SCALE_UNKNOWN, or 0 not yet applied). */
  want: number;
  /** Whether to set the replicas to `want`. */
  apply: boolean;
}

/** Knative's scaler.scale: initial-scale and bounds, then the scale-to-zero rules. */
export function scale(desired: number, pa: PaState, spec: ScalerSpec, nowMs: number): ScaleOutcome {
  if (desired < 0 && pa.active !== 'Unknown') return { want: desired, apply: false };
  let minScale = spec.minScale;
  if (spec.initialScale > 1 && !pa.scaleTargetInitialized && spec.reachable) {
    minScale = Math.max(spec.initialScale, minScale);
  }
  const bounded = applyBounds(desired, { minScale, maxScale: spec.maxScale });
  return handleScaleToZero(bounded, pa, spec, nowMs);
}

/** Knative's handleScaleToZero. */
export function handleScaleToZero(
  desired: number,
  pa: PaState,
  spec: ScalerSpec,
  nowMs: number,
): ScaleOutcome {
  if (desired !== 0) return { want: desired, apply: true };
  if (!spec.enableScaleToZero) return { want: 1, apply: true };
  const inStatusFor = nowMs - pa.activeSinceMs;
  switch (pa.active) {
    case 'Unknown':
      // Stuck activating past the progress deadline: give up and scale to zero.
      if (inStatusFor > spec.activationTimeoutMs) return { want: 0, apply: true };
      return { want: SCALE_UNKNOWN, apply: false };
    case 'True':
      // Report 0 to be marked Inactive; keep one replica until active for a whole stable window.
      if (inStatusFor >= spec.stableWindowMs) return { want: 0, apply: false };
      return { want: 1, apply: true };
    case 'False': {
      const retention = spec.reachable ? spec.scaleToZeroPodRetentionPeriodMs : 0;
      if (inStatusFor >= Math.max(spec.scaleToZeroGracePeriodMs, retention)) return { want: 0, apply: true };
      if (retention > 0 && inStatusFor < retention) return { want: 0, apply: false };
      const proxyFor = pa.proxySinceMs === undefined ? 0 : nowMs - pa.proxySinceMs;
      if (spec.scaleToZeroGracePeriodMs - proxyFor <= 0) return { want: 0, apply: true };
      return { want: 0, apply: false };
    }
  }
}

/** Knative's activeThreshold: the ready replicas that make the revision Active. */
export function activeThreshold(pa: PaState, spec: ScalerSpec): number {
  if (!pa.scaleTargetInitialized) return Math.max(spec.minScale, spec.initialScale);
  return Math.max(spec.minScale, 1);
}

export interface Observed {
  want: number;
  ready: number;
  excessBurstCapacity: number;
}

/** After a reconcile: the SKS mode (kpa.go ReconcileKind) and the Active condition (computeActiveCondition). */
export function nextPaState(pa: PaState, observed: Observed, spec: ScalerSpec, nowMs: number): PaState {
  const { want, ready, excessBurstCapacity } = observed;
  const serve = want > 0 && excessBurstCapacity >= 0;
  const next: PaState = {
    ...pa,
    proxySinceMs: serve ? undefined : (pa.proxySinceMs ?? nowMs),
  };
  const minReady = activeThreshold(pa, spec);
  if (ready >= minReady) next.scaleTargetInitialized = true;
  const mark = (status: ActiveStatus) => {
    if (next.active !== status) {
      next.active = status;
      next.activeSinceMs = nowMs;
    }
  };
  if (want === 0 || minReady === 0) mark('False');
  else if (ready < minReady) mark(want > 0 || pa.active !== 'False' ? 'Unknown' : 'False');
  else if (want > 0 || pa.active !== 'False') mark('True');
  return next;
}
