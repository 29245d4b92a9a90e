/**
 * The serving router's public surface. Everything else in this folder is internal.
 */
export {
  BadRequestTargetError,
  IdleTimeoutError,
  NoFreeReplicaError,
  NoReadyReplicaError,
  NoTrafficTargetError,
  QueueFullError,
  RequestTimeoutError,
  ResponseStartTimeoutError,
  RevisionRemovedError,
  RouterError,
  UpstreamError,
  writeUnknownHost,
} from './errors.js';
export { normalizeHost } from './route-table.js';
export type { RouterHooks, RouterOptions } from './router.js';
export { DEFAULT_MAX_QUEUE_PER_REVISION, DEFAULT_REVISION_CONFIG, Router } from './router.js';
