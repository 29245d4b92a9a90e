/**
 * The eventing kinds (eventing, sources, messaging and flows groups) and the helpers other modules use:
 * ISO-8601 durations, destinations, delivery specs, trigger filters and schedules.
 */
import type { KindDef } from '../kind.js';
import { apiServerSourceKind } from './api-server-source.js';
import { brokerKind } from './broker.js';
import { channelKind } from './channel.js';
import { containerSourceKind } from './container-source.js';
import { eventTransformKind } from './event-transform.js';
import { eventTypeKind } from './event-type.js';
import { inMemoryChannelKind } from './in-memory-channel.js';
import { jobSinkKind } from './job-sink.js';
import { parallelKind } from './parallel.js';
import { pingSourceKind } from './ping-source.js';
import { rocketmqSourceKind } from './rocketmq-source.js';
import { sequenceKind } from './sequence.js';
import { sinkBindingKind } from './sink-binding.js';
import { subscriptionKind } from './subscription.js';
import { triggerKind } from './trigger.js';

export const EVENTING_KINDS: KindDef[] = [
  brokerKind,
  triggerKind,
  eventTypeKind,
  pingSourceKind,
  sinkBindingKind,
  containerSourceKind,
  apiServerSourceKind,
  rocketmqSourceKind,
  channelKind,
  inMemoryChannelKind,
  subscriptionKind,
  sequenceKind,
  parallelKind,
  eventTransformKind,
  jobSinkKind,
];

export { currentApiVersion } from './api-versions.js';
export { BROKER_CLASS_ANNOTATION, CHANNEL_TEMPLATE_ANNOTATION } from './broker.js';
export type { BrokerDefaults } from './broker-defaults.js';
export { brokerDefaults, builtinBrokerDefaults, DEFAULT_BROKER_CLASS } from './broker-defaults.js';
export type { ChannelTemplateSpec } from './channel-template.js';
export { defaultChannelTemplate } from './channel-template.js';
export { scheduleError, timezoneError } from './cron.js';
export type { BackoffPolicy, DeliverySpec } from './delivery.js';
export { BACKOFF_POLICIES, validateDelivery } from './delivery.js';
export type { Destination, KReference } from './destination.js';
export {
  isDestinationEmpty,
  upgradeDestination,
  validateDestination,
  validateKReference,
} from './destination.js';
export { parseIsoDuration } from './duration.js';
export type { FilterDialect } from './filters.js';
export {
  ATTRIBUTE_NAME,
  FILTER_DIALECTS,
  validateSubscriptionsApiFilter,
  validateSubscriptionsApiFilters,
  validateTriggerFilter,
} from './filters.js';
export { DEFAULT_PING_SCHEDULE } from './ping-source.js';
export type { RocketMQSelector, SelectorType } from './rocketmq-source.js';
export { addressListError, consumerGroupOf, dataFormatOf, rocketmqNameError } from './rocketmq-source.js';
export { validateCeOverrides } from './source-spec.js';
export { BROKER_LABEL, DELIVERY_ORDER_ANNOTATION, DEPENDENCY_ANNOTATION } from './trigger.js';
export {
  apiServerSourceKind,
  brokerKind,
  channelKind,
  containerSourceKind,
  eventTransformKind,
  eventTypeKind,
  inMemoryChannelKind,
  jobSinkKind,
  parallelKind,
  pingSourceKind,
  rocketmqSourceKind,
  sequenceKind,
  sinkBindingKind,
  subscriptionKind,
  triggerKind,
};
