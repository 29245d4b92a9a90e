/**
 * RocketMQ for Ebb: a real local RocketMQ for development and tests (`local/`), and a thin wrapper over
 * the Apache Node client for producing and smoke-consuming (`client.ts`).
 */
export type {
  OutgoingMessage,
  ProduceOptions,
  ProduceResult,
  ReceivedMessage,
  ReceiveOptions,
  TopicProducer,
} from './client.js';
export { openProducer, produce, produceMany, receiveAndAck } from './client.js';
export type {
  GroupOptions,
  JavaCheck,
  LocalPorts,
  LocalRocketMQ,
  LocalState,
  LocalStatus,
  StartOptions,
  TopicOptions,
} from './local/index.js';
export {
  AdminFailedError,
  AlreadyRunningError,
  adminFor,
  DEFAULT_ROCKETMQ_VERSION,
  FetchFailedError,
  JavaMissingError,
  javaAvailable,
  localRocketMQStatus,
  StartFailedError,
  startLocalRocketMQ,
  stopLocalRocketMQ,
} from './local/index.js';
