/**
 * The serving runtime: runs a revision's replicas as child processes. Public surface of the module.
 */
export type { BackoffOptions } from './backoff.js';
export {
  DEFAULT_BACKOFF_INITIAL_MS,
  DEFAULT_BACKOFF_MAX_MS,
  DEFAULT_BACKOFF_RESET_AFTER_MS,
} from './backoff.js';
export { DEFAULT_LOG_FILE_BYTES } from './log-store.js';
export { reapOrphans } from './process-group.js';
export { DEFAULT_TERMINATION_GRACE_SECONDS, type ReplicaState } from './replica.js';
export type { ReplicaInfo, RuntimeStatus } from './revision-entry.js';
export type { RevisionRuntimeEvents, RevisionRuntimeOptions, RuntimeLogger } from './runtime.js';
export { DEFAULT_TIMEOUT_SECONDS, RevisionRuntime } from './runtime.js';
