/**
 * Knative Serving's ConfigMaps in the `knative-serving` namespace, read the way Knative reads them:
 * `config-defaults` (revision timeouts, container concurrency, container name) and the limits of
 * `config-autoscaler` that validation needs. Missing or malformed keys fall back to Knative's defaults.
 */
import { intOr } from '../common/numbers.js';
import type { DefaultsContext } from '../kind.js';

export const SERVING_SYSTEM_NAMESPACE = 'knative-serving';

export interface ServingDefaults {
  /** `revision-timeout-seconds` @defaultValue 300 */
  revisionTimeoutSeconds: number;
  /** `max-revision-timeout-seconds` @defaultValue 600 */
  maxRevisionTimeoutSeconds: number;
  /** `revision-response-start-timeout-seconds`; 0 = not defaulted. @defaultValue 0 */
  revisionResponseStartTimeoutSeconds: number;
  /** `revision-idle-timeout-seconds`; 0 = not defaulted. @defaultValue 0 */
  revisionIdleTimeoutSeconds: number;
  /** `container-concurrency` @defaultValue 0 (unlimited) */
  containerConcurrency: number;
  /** `container-concurrency-max-limit` @defaultValue 1000 */
  containerConcurrencyMaxLimit: number;
  /** `container-name-template` @defaultValue "user-container" */
  userContainerName: string;
  /** `enable-service-links` @defaultValue false */
  enableServiceLinks: boolean;
}

export function defaultServingDefaults(): ServingDefaults {
  return {
    revisionTimeoutSeconds: 300,
    maxRevisionTimeoutSeconds: 600,
    revisionResponseStartTimeoutSeconds: 0,
    revisionIdleTimeoutSeconds: 0,
    containerConcurrency: 0,
    containerConcurrencyMaxLimit: 1000,
    userContainerName: 'user-container',
    enableServiceLinks: false,
  };
}

export function servingDefaults(ctx: DefaultsContext): ServingDefaults {
  const d = defaultServingDefaults();
  const data = ctx.config(SERVING_SYSTEM_NAMESPACE, 'config-defaults');
  if (!data) return d;
  return {
    revisionTimeoutSeconds: intOr(data['revision-timeout-seconds'], d.revisionTimeoutSeconds),
    maxRevisionTimeoutSeconds: intOr(data['max-revision-timeout-seconds'], d.maxRevisionTimeoutSeconds),
    revisionResponseStartTimeoutSeconds: intOr(
      data['revision-response-start-timeout-seconds'],
      d.revisionResponseStartTimeoutSeconds,
    ),
    revisionIdleTimeoutSeconds: intOr(data['revision-idle-timeout-seconds'], d.revisionIdleTimeoutSeconds),
    containerConcurrency: intOr(data['container-concurrency'], d.containerConcurrency),
    containerConcurrencyMaxLimit: intOr(
      data['container-concurrency-max-limit'],
      d.containerConcurrencyMaxLimit,
    ),
    userContainerName: data['container-name-template']?.trim() || d.userContainerName,
    enableServiceLinks: data['enable-service-links']?.trim().toLowerCase() === 'true',
  };
}

export interface AutoscalerLimits {
  /** `max-scale-limit`; 0 = no limit. @defaultValue 0 */
  maxScaleLimit: number;
  /** `allow-zero-initial-scale` @defaultValue false */
  allowZeroInitialScale: boolean;
}

export function autoscalerLimits(ctx: DefaultsContext): AutoscalerLimits {
  const data = ctx.config(SERVING_SYSTEM_NAMESPACE, 'config-autoscaler') ?? {};
  return {
    maxScaleLimit: intOr(data['max-scale-limit'], 0),
    allowZeroInitialScale: data['allow-zero-initial-scale']?.trim().toLowerCase() === 'true',
  };
}
