/**
 * The autoscaler's public surface: the Knative Pod Autoscaler for revisions on this machine, the
 * `config-autoscaler` parser and the per-revision settings resolver. Everything else here is internal.
 */
export type { AutoscalerOptions, AutoscalerStatus, ScaleInfo } from './autoscaler.js';
export { Autoscaler } from './autoscaler.js';
export type { AutoscalerConfig } from './config.js';
export {
  AutoscalerConfigError,
  CONFIG_AUTOSCALER_NAME,
  DEFAULT_STABLE_WINDOW_MS,
  defaultConfig,
  parseAutoscalerConfig,
} from './config.js';
export type { DeciderSpec, DeciderState, Decision } from './kpa.js';
export { DEFAULT_TICK_MS, decide } from './kpa.js';
export type { ActiveStatus } from './scaler.js';
export { applyBounds } from './scaler.js';
export type { EffectiveSettings, RevisionSettingsOptions, ScalingMetric } from './settings.js';
export { revisionSettings } from './settings.js';
