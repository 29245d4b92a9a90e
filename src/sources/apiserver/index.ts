/**
 * The ApiServerSource data plane over Ebb's store: the adapter (watch → event → sink, in order, from a
 * checkpoint), its events in Knative's shape, the checkpoint database, label selectors in object form.
 */
export {
  ApiServerAdapter,
  type ApiServerAdapterConfig,
  type ApiServerAdapterOptions,
  type ApiServerStats,
  MAX_HOLD_MS,
  type ResourceWatch,
} from './adapter.js';
export { CHECKPOINTS_FILE, CheckpointStore } from './checkpoints.js';
export {
  type ApiServerSourceMode,
  apiServerEvent,
  apiServerEventType,
  apiServerEventTypes,
  guessPlural,
  selfLink,
  uuidV5,
} from './events.js';
export { type ApiServerHealth, ApiServerSources, type ApiServerSourcesOptions } from './manager.js';
export { compileSelector, type LabelSelectorObject, SelectorError, selectorString } from './selector.js';
