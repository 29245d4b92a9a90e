/**
 * The local RocketMQ's public surface: start, stop and inspect a real RocketMQ 5 on loopback, and check
 * that Java and Maven are there.
 */
export type { GroupOptions, TopicOptions } from './admin.js';
export type { LocalPorts } from './config.js';
export { DEFAULT_ROCKETMQ_VERSION } from './config.js';
export {
  AdminFailedError,
  AlreadyRunningError,
  FetchFailedError,
  JavaMissingError,
  StartFailedError,
} from './errors.js';
export type { FetchOptions, Progress } from './fetch.js';
export { ensureJars, jarsCached, rocketmqHome, runTool } from './fetch.js';
export type { JavaCheck } from './java.js';
export { javaAvailable } from './java.js';
export type { LocalRocketMQ, LocalStatus, StartOptions } from './local.js';
export { adminFor, localRocketMQStatus, startLocalRocketMQ, stopLocalRocketMQ } from './local.js';
export { ourJvmPids } from './process.js';
export type { LocalState } from './state.js';
