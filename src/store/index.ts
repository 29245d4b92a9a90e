/** The store module's public surface: the ResourceStore contract and its SQLite implementation. */

export { type LabelSelector, parseLabelSelector, type Requirement } from './label-selector.js';
export { applyMergePatch, jsonEqual } from './merge-patch.js';
export {
  CONFLICT_MESSAGE,
  DEFAULT_BUSY_TIMEOUT_MS,
  DEFAULT_HISTORY_LIMIT,
  SqliteResourceStore,
  type SqliteStoreOptions,
} from './sqlite-store.js';
export type {
  CreateOptions,
  ListOptions,
  ListResult,
  ResourceRef,
  ResourceStore,
  UpdateOptions,
  WatchEvent,
  WatchEventType,
  Watcher,
  WatchOptions,
} from './types.js';
export { watchCallbackErrors } from './watch-hub.js';
