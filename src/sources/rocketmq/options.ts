/**
 * What a RocketMQ adapter is told: where to consume (proxy endpoints, topic, consumer group, selector),
 * where to send (the sink and its delivery policy), and its bounds. The control plane builds these from a
 * RocketMQSource; the standalone `ebb adapter rocketmq` builds them from its environment (env.ts).
 */
import type { Dispatcher } from 'undici';
import type { DeliveryPolicy, EventRecord } from '../../eventing/types.js';
import type { Logger } from '../../log.js';

export type SelectorType = 'TAG' | 'SQL92';

export interface AdapterConfig {
  /** The RocketMQ 5 proxy's gRPC endpoints, `host:port[;host:port]`. */
  endpoints: string;
  topic: string;
  consumerGroup: string;
  selector: { type: SelectorType; expression: string };
  sinkUri: string;
  /** The source's namespace and name: they make each event's `source`. */
  namespace: string;
  name: string;
  /** `ceOverrides.extensions`. */
  overrides?: Record<string, string>;
  /** A wrapped message's data: its body (default) or the message as JSON (`ebb.dev/rocketmq-data-format`). */
  dataFormat?: 'body' | 'message';
  delivery: DeliveryPolicy;
  credentials?: { accessKey: string; accessSecret: string };
  /** Deliveries in flight at once (the received-but-unacknowledged bound). @defaultValue 256 */
  maxInFlight?: number;
  /** Concurrent long-polling receive calls. @defaultValue 4 */
  receivers?: number;
  /** Messages asked for per receive call. @defaultValue 32 (RocketMQ's maximum) */
  batchSize?: number;
}

export const DEFAULT_MAX_IN_FLIGHT = 256;
export const DEFAULT_RECEIVERS = 4;
export const MAX_BATCH_SIZE = 32;
/** RocketMQ's proxy refuses receive calls with a shorter invisible duration. */
export const MIN_INVISIBLE_MS = 10_000;
/** Long-polling wait of one receive call. */
export const AWAIT_MS = 5_000;
/** A source's per-attempt timeout when `delivery.timeout` is not set (a message stays invisible this long
 * plus a margin while it is delivered, so a crash redelivers it soon after). */
export const DEFAULT_SOURCE_TIMEOUT_MS = 30_000;
/** Longest backoff asked of RocketMQ before a redelivery. */
export const MAX_BACKOFF_MS = 10 * 60_000;

/** How long received messages stay invisible while one delivery attempt runs. */
export function invisibleMs(delivery: DeliveryPolicy): number {
  return Math.max(MIN_INVISIBLE_MS, (delivery.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS) + 5_000);
}

/** Whether two configs would run the same adapter (the reconciler restarts it otherwise). */
export function sameConfig(a: AdapterConfig, b: AdapterConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Receiving has failed since `since`; `error` is the last failure, at `last`. */
export interface ReceiveFailure {
  error: Error;
  since: Date;
  last: Date;
}

export interface AdapterOptions extends AdapterConfig {
  /** The HTTP client deliveries go through (keep-alive). */
  http: Dispatcher;
  logger: Logger;
  /** Called when receiving starts failing and when it recovers (the status can then say so at once). */
  onHealthChange?: () => void;
  /**
   * After each attempt to the sink (for metrics): its status (undefined without a response) and whether
   * the event will be tried again (here or redelivered by RocketMQ).
   */
  onSent?: (event: EventRecord, status: number | undefined, retried: boolean) => void;
}
