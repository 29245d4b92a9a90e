/** Knative Serving kinds (serving.knative.dev) and the helpers other modules use. */
import type { KindDef } from '../kind.js';
import { CONFIGURATION } from './configuration.js';
import { REVISION } from './revision.js';
import { ROUTE } from './route.js';
import { SERVICE } from './service.js';

export const SERVING_KINDS: KindDef[] = [SERVICE, CONFIGURATION, REVISION, ROUTE];

export type { AutoscalingSettings } from './autoscaling-annotations.js';
export { AUTOSCALING_KEYS, parseAutoscalingAnnotations } from './autoscaling-annotations.js';
export type { AutoscalerLimits, ServingDefaults } from './config.js';
export { autoscalerLimits, servingDefaults } from './config.js';
export { SERVING_GROUP } from './object-meta.js';
export { SOURCE_DIR_ANNOTATION, sourceDirOf } from './source-dir.js';
export { CONFIGURATION, REVISION, ROUTE, SERVICE };
