/**
 * The dispatchers' knobs, hooks and status, with their defaults. Units are in the names.
 */
import type { Dispatcher } from 'undici';
import type { Logger } from '../../log.js';
import type { EventLog } from '../types.js';

/** Attempts in flight per trigger (ordered mode: keys in flight). */
export const DEFAULT_CONCURRENCY_PER_TRIGGER = 100;
/** Events read per log read, at most. */
export const DEFAULT_PAGE_SIZE = 500;
/** Offsets a trigger tracks past its committed offset (waiting retries, done-but-not-committed). */
export const DEFAULT_MAX_WINDOW = 10_000;
/** The committed offset is written after this many done events... */
export const DEFAULT_COMMIT_EVERY = 500;
/** ...or this long after the first uncommitted one, ms. */
export const DEFAULT_COMMIT_INTERVAL_MS = 50;
/** How long stop waits for in-flight attempts before aborting them, ms. */
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** Wait before reading again after the log failed a read, ms. */
export const READ_RETRY_MS = 1_000;

/** Metrics and observability hooks; `status` is undefined when there was no HTTP response. */
export interface DispatcherHooks {
  /** The subscriber accepted the event (and any reply reached the broker). */
  onDelivered?: (trigger: string, offset: number, status: number) => void;
  /** An attempt failed and retry number `retry` will follow in `delayMs`. */
  onRetry?: (
    trigger: string,
    offset: number,
    status: number | undefined,
    retry: number,
    delayMs: number,
  ) => void;
  /** The event went to the dead-letter sink. `status` is the failure that sent it there. */
  onDeadLettered?: (trigger: string, offset: number, status: number | undefined) => void;
  /** The event failed and could not be dead-lettered (no sink, or the sink failed too). */
  onDropped?: (trigger: string, offset: number, status: number | undefined, reason: string) => void;
  /** A reply event was posted to the broker (or discarded, with a reason). */
  onReply?: (trigger: string, offset: number, outcome: 'sent' | 'ttl-exhausted' | 'no-reply-uri') => void;
  /** Every attempt, once its outcome is known: for metrics, the dashboard's event explorer, traces. */
  onAttempt?: (attempt: AttemptRecord) => void;
}

/** One attempt of one event through one trigger (or channel subscriber), as observers see it. */
export interface AttemptRecord {
  /** The trigger's (or subscriber's) dispatcher id. */
  trigger: string;
  stream: string;
  offset: number;
  /** The event's context attributes (not its data). */
  attributes: Readonly<Record<string, string>>;
  /** 1-based. */
  attempt: number;
  url: string;
  /** The subscriber's HTTP status; undefined when there was no response. */
  status?: number;
  /** From the request to the subscriber's response (replies and dead letters not included), ms. */
  latencyMs: number;
  /** `Date.now()` when the attempt started. */
  startedAt: number;
  outcome: 'delivered' | 'retry' | 'dead-lettered' | 'dropped';
  /** What failed, for anything but `delivered`. */
  error?: string;
  /** Ids of the reply events the subscriber answered with. */
  replies: string[];
}

export interface DispatcherManagerOptions {
  log: EventLog;
  /** @defaultValue 100 */
  concurrencyPerTrigger?: number;
  /** Events a trigger holds in memory (queued and in flight). @defaultValue 2 × concurrencyPerTrigger */
  maxReadAhead?: number;
  /** @defaultValue 10,000 */
  maxWindow?: number;
  /** @defaultValue 500 */
  pageSize?: number;
  /** @defaultValue 500 */
  commitEvery?: number;
  /** @defaultValue 50 ms */
  commitIntervalMs?: number;
  /** @defaultValue 10 s */
  stopTimeoutMs?: number;
  /** undici dispatcher for deliveries; by default a keep-alive Agent the manager owns and closes. */
  http?: Dispatcher;
  hooks?: DispatcherHooks;
  logger?: Logger;
}

/** Resolved options one trigger dispatcher runs with. */
export interface TriggerDispatcherOptions {
  log: EventLog;
  http: Dispatcher;
  concurrency: number;
  maxReadAhead: number;
  maxWindow: number;
  pageSize: number;
  commitEvery: number;
  commitIntervalMs: number;
  hooks: DispatcherHooks;
  logger: Logger | undefined;
}

export interface TriggerStatus {
  id: string;
  stream: string;
  ordered: boolean;
  /** Durably committed offset: everything up to it is done. */
  committed: number;
  /** Done in memory, not yet committed. */
  watermark: number;
  /** Last offset read from the stream. */
  readOffset: number;
  inFlight: number;
  /** Events held in memory (queued or in flight). */
  buffered: number;
  /** Events waiting for a retry. */
  retrying: number;
  delivered: number;
  retried: number;
  deadLettered: number;
  dropped: number;
  filtered: number;
  stopped: boolean;
}

export function resolveOptions(opts: DispatcherManagerOptions, http: Dispatcher): TriggerDispatcherOptions {
  const concurrency = Math.max(1, opts.concurrencyPerTrigger ?? DEFAULT_CONCURRENCY_PER_TRIGGER);
  return {
    log: opts.log,
    http,
    concurrency,
    maxReadAhead: Math.max(1, opts.maxReadAhead ?? 2 * concurrency),
    maxWindow: Math.max(1, opts.maxWindow ?? DEFAULT_MAX_WINDOW),
    pageSize: Math.max(1, opts.pageSize ?? DEFAULT_PAGE_SIZE),
    commitEvery: Math.max(1, opts.commitEvery ?? DEFAULT_COMMIT_EVERY),
    commitIntervalMs: Math.max(0, opts.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS),
    hooks: opts.hooks ?? {},
    logger: opts.logger,
  };
}
