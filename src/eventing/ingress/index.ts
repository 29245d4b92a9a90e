/**
 * The broker ingress's public surface. Everything else in this folder is internal.
 */
export type { AppendedEvents, BrokerIngressOptions, BrokerTarget, ChannelTarget } from './broker-ingress.js';
export { BrokerIngress, DEFAULT_MAX_BODY_BYTES } from './broker-ingress.js';
export {
  AppendFailedError,
  BodyTooLargeError,
  BrokerNotFoundError,
  IngressError,
  InvalidTtlError,
  MethodNotAllowedError,
  TtlExhaustedError,
} from './errors.js';
export {
  ARRIVAL_TIME_EXTENSION,
  DEFAULT_BROKER_TTL,
  readTtl,
  replyTtl,
  stampIngress,
  TTL_EXTENSION,
} from './ttl.js';
