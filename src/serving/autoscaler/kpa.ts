/**
 * The Knative Pod Autoscaler's decision, a pure port of knative/serving pkg/autoscaler/scaling/autoscaler.go
 * `Scale`: from the observed stable and panic values and the ready replica count, the replicas wanted,
 * whether the revision panics, and the excess burst capacity. Written by hand because the KPA is
 * Knative's own algorithm; no library computes it.
 *
 * - dspc = ceil(stable / target), dppc = ceil(panic / target), both kept within
 *   [floor(ready / maxScaleDownRate), ceil(maxScaleUpRate × ready)] (ready counts at least 1).
 * - Panic starts when dppc / ready ≥ panicThreshold, is extended while that holds, and ends a full stable
 *   window after it last held. While panicking the wanted count is max(dspc, dppc) and never decreases.
 * - scale-down-delay reports the largest recommendation of the delay window.
 * - No data for the stable window → no decision (Knative's invalid ScaleResult).
 */
import { currentMax, type MaxWindow, newMaxWindow, recordMax } from './max-window.js';

/** Knative's multiscaler tickInterval, also the delay window's granularity. */
export const DEFAULT_TICK_MS = 2_000;

/** Knative's DeciderSpec: the subset of the effective settings that the decision reads. */
export interface DeciderSpec {
  targetValue: number;
  totalValue: number;
  targetBurstCapacity: number;
  /** A fraction: 2 = 200%. */
  panicThreshold: number;
  stableWindowMs: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  scaleDownDelayMs: number;
  activationScale: number;
  reachable: boolean;
}

export interface DeciderState {
  /** When panic began or was last extended; undefined when not panicking. */
  panicTimeMs: number | undefined;
  /** The most replicas asked for during this panic. */
  maxPanicPods: number;
  /** Present when scale-down-delay > 0. */
  delayWindow: MaxWindow | undefined;
}

export interface DecideInput {
  nowMs: number;
  /** Ready replicas now. */
  readyPods: number;
  /** The revision's metric averaged over the stable and panic windows; undefined = no data. */
  observed: { stable: number; panic: number } | undefined;
  spec: DeciderSpec;
}

export interface Decision {
  /** False when there was no data: keep the current scale. */
  valid: boolean;
  /** -1 when not valid. */
  desiredScale: number;
  panicking: boolean;
  /** Knative's EBC: floor(ready × total − targetBurstCapacity − panic); 0 when TBC is 0, -1 when unlimited. */
  excessBurstCapacity: number;
  /** Desired stable and panic pod counts before clamping. */
  dspc: number;
  dppc: number;
  state: DeciderState;
}

/**
 * Knative's newAutoscaler: a decider created while more than one replica is ready starts in panic, so a
 * restart that lost the metric history keeps the current scale until it has data again.
 */
export function initialDeciderState(
  nowMs: number,
  readyPods: number,
  spec: Pick<DeciderSpec, 'scaleDownDelayMs'>,
  tickMs = DEFAULT_TICK_MS,
): DeciderState {
  return {
    panicTimeMs: readyPods > 1 ? nowMs : undefined,
    maxPanicPods: readyPods,
    delayWindow: spec.scaleDownDelayMs > 0 ? newMaxWindow(spec.scaleDownDelayMs, tickMs) : undefined,
  };
}

export function decide(input: DecideInput, state: DeciderState): Decision {
  const { nowMs, spec, observed } = input;
  if (!observed) {
    return {
      valid: false,
      desiredScale: -1,
      panicking: state.panicTimeMs !== undefined,
      excessBurstCapacity: -1,
      dspc: 0,
      dppc: 0,
      state,
    };
  }
  const readyPodsCount = Math.max(1, input.readyPods);
  const maxScaleUp = Math.ceil(spec.maxScaleUpRate * readyPodsCount);
  const maxScaleDown = spec.reachable ? Math.floor(readyPodsCount / spec.maxScaleDownRate) : 0;

  const dspc = Math.ceil(observed.stable / spec.targetValue);
  const dppc = Math.ceil(observed.panic / spec.targetValue);
  const clamp = (x: number) => Math.min(Math.max(x, maxScaleDown), maxScaleUp);
  let desiredStable = clamp(dspc);
  let desiredPanic = clamp(dppc);
  if (spec.activationScale > 1) {
    if (dspc > 0 && spec.activationScale > desiredStable) desiredStable = spec.activationScale;
    if (dppc > 0 && spec.activationScale > desiredPanic) desiredPanic = spec.activationScale;
  }

  let { panicTimeMs, maxPanicPods, delayWindow } = state;
  const overThreshold = dppc / readyPodsCount >= spec.panicThreshold;
  if (overThreshold) {
    panicTimeMs = nowMs;
  } else if (panicTimeMs !== undefined && panicTimeMs + spec.stableWindowMs < nowMs) {
    panicTimeMs = undefined;
    maxPanicPods = 0;
  }

  let desired = desiredStable;
  if (panicTimeMs !== undefined) {
    desired = Math.max(desired, desiredPanic);
    // Never scale down while panicking.
    maxPanicPods = Math.max(maxPanicPods, desired);
    desired = maxPanicPods;
  }

  // Knative ≥ 0.51 delays only a reachable revision's scale-down (0.42 delayed every one).
  if (spec.reachable && delayWindow) {
    delayWindow = recordMax(delayWindow, nowMs, desired);
    desired = currentMax(delayWindow);
  }

  return {
    valid: true,
    desiredScale: desired,
    panicking: panicTimeMs !== undefined,
    excessBurstCapacity: excessBurstCapacity(spec, input.readyPods, observed.panic),
    dspc,
    dppc,
    state: { panicTimeMs, maxPanicPods, delayWindow },
  };
}

/** Knative's EBC = floor(ready × totalValue − targetBurstCapacity − observed panic value). */
export function excessBurstCapacity(
  spec: Pick<DeciderSpec, 'targetBurstCapacity' | 'totalValue'>,
  readyPods: number,
  observedPanic: number,
): number {
  if (spec.targetBurstCapacity === 0) return 0;
  if (spec.targetBurstCapacity < 0) return -1;
  return Math.trunc(Math.floor(readyPods * spec.totalValue - spec.targetBurstCapacity - observedPanic));
}
