/**
 * The RocketMQ source's data plane: the adapter (receive → CloudEvent → sink → acknowledge), its
 * message-to-event mapping, and its configuration from a RocketMQSource or from the environment.
 */
export { type AdapterOptions, RocketMQAdapter } from './adapter.js';
export { AdapterConfigError, adapterConfigFromEnv } from './env.js';
export type { Mapped, MappingContext, SourceMessage } from './mapping.js';
export {
  EVENT_TYPE,
  EXT_ATTEMPT,
  EXT_KEYS,
  EXT_MESSAGE_GROUP,
  EXT_PARTITION_KEY,
  EXT_TAG,
  sourceAttribute,
  toCloudEvent,
} from './mapping.js';
export type { AdapterConfig, SelectorType } from './options.js';
export { sameConfig } from './options.js';
export type { SourceStats } from './stats.js';
export { STAT_NAMES } from './stats.js';
