/**
 * The trigger dispatchers' public surface. Everything else in this folder is internal.
 */
export {
  deadLetterEvent,
  ERROR_CODE_EXTENSION,
  ERROR_DATA_EXTENSION,
  ERROR_DATA_MAX_LENGTH,
  ERROR_DEST_EXTENSION,
} from './dead-letter.js';
export type { DeliveryResponse } from './delivery.js';
export { DEFAULT_ATTEMPT_TIMEOUT_MS, postEvent } from './delivery.js';
export {
  DeliveryError,
  DeliveryNetworkError,
  DeliveryTimeoutError,
  InvalidReplyError,
  UnrecoverableDeliveryError,
} from './errors.js';
export { attributeFilter } from './filter.js';
export { DispatcherManager } from './manager.js';
export type { AttemptRecord, DispatcherHooks, DispatcherManagerOptions, TriggerStatus } from './options.js';
export {
  DEFAULT_COMMIT_EVERY,
  DEFAULT_COMMIT_INTERVAL_MS,
  DEFAULT_CONCURRENCY_PER_TRIGGER,
  DEFAULT_MAX_WINDOW,
  DEFAULT_STOP_TIMEOUT_MS,
} from './options.js';
export { PARTITION_KEY_EXTENSION } from './ordered.js';
export { expectAccepted } from './outcome.js';
export { BACKOFFS, isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry.js';
export type { PendingRetry, RetryStore } from './retry-state.js';
export { StopSignal } from './stop.js';
