/**
 * Contracts of the eventing data plane: the CloudEvent as it travels inside Ebb, the durable EventLog
 * (embedded SQLite now, RocketMQ later — one conformance suite for both), and what a trigger dispatcher is
 * told by the control plane. The data plane never imports the control plane.
 */

/** A CloudEvent inside Ebb: context attributes as strings (CloudEvents canonical string forms), data as bytes. */
export interface EventRecord {
  /** specversion, id, source, type, and optional datacontenttype, dataschema/schemaurl, subject, time, extensions. */
  attributes: Record<string, string>;
  /** The event data, undefined when the event has none. */
  data?: Buffer;
}

export interface StoredEvent {
  /** Position in its stream, starting at 1, strictly increasing, never reused. */
  offset: number;
  event: EventRecord;
  /** Milliseconds since the epoch when the append was committed. */
  appendedAt: number;
}

export interface EventLog {
  /**
   * Appends events to a stream (one stream per broker: `namespace/broker`). Resolves with their offsets
   * only after they are durable (committed and synced); many concurrent appends share one commit.
   */
  append(stream: string, events: EventRecord[]): Promise<number[]>;
  /** Events with offset > afterOffset, in order, at most `limit`. */
  read(stream: string, afterOffset: number, limit: number): Promise<StoredEvent[]>;
  /** The highest offset appended to the stream (0 if none). */
  head(stream: string): Promise<number>;
  /** Registers a consumer (a trigger) of a stream; a new consumer starts at `startAfter` (default: head). */
  ensureConsumer(stream: string, consumer: string, startAfter?: number): Promise<number>;
  removeConsumer(stream: string, consumer: string): Promise<void>;
  /** Durably records that every event up to and including `offset` is done for the consumer. */
  commit(stream: string, consumer: string, offset: number): Promise<void>;
  /** The consumer's committed offset (0 if nothing committed). */
  committed(stream: string, consumer: string): Promise<number>;
  /** Calls `listener` after each durable append to the stream; returns an unsubscribe function. */
  onAppend(stream: string, listener: (head: number) => void): () => void;
  /** Deletes the stream's events every consumer has committed; returns how many were deleted. */
  compact(stream: string): Promise<number>;
  /** Deletes a stream, its events and its consumers. */
  dropStream(stream: string): Promise<void>;
  close(): Promise<void>;
}

/** Knative's delivery spec with durations resolved. */
export interface DeliveryPolicy {
  /** Retries after the first attempt. @defaultValue 0 */
  retry: number;
  backoffPolicy: 'linear' | 'exponential';
  /** Base backoff delay in ms (PT0.2S = 200). */
  backoffDelayMs: number;
  /** Per-attempt timeout in ms; undefined = none beyond the dispatcher's bound. */
  timeoutMs?: number;
  /** Cap on the Retry-After a subscriber may ask for, ms; undefined = Retry-After ignored. */
  retryAfterMaxMs?: number;
  /** Resolved dead-letter sink URL, if any. */
  deadLetterUri?: string;
}

export interface TriggerSpecResolved {
  /** `namespace/name` of the trigger; also its consumer name in the log. */
  id: string;
  /** `namespace/broker`, the stream it reads. */
  stream: string;
  /** Exact-match attribute filter (`filter.attributes`); "" means "attribute present". */
  attributes?: Record<string, string>;
  /**
   * A predicate for richer filters (the `filters` dialects and CESQL, added later). When set it is used
   * instead of `attributes`.
   */
  matches?: (event: EventRecord) => boolean;
  subscriberUri: string;
  delivery: DeliveryPolicy;
  /** Per-partition-key order (`partitionkey` extension) instead of unordered delivery. */
  ordered: boolean;
  /** Broker ingress URL that replies are posted to. */
  replyUri?: string;
}
