/**
 * The RocketMQ source adapter: receives a topic's messages with the Apache Node client's SimpleConsumer,
 * sends each to the sink as a CloudEvent, and acknowledges a message only after the sink answered 2xx —
 * at-least-once, where Knative's RocketMQ source acknowledged before delivering.
 *
 * - A failed delivery is not acknowledged: the message's invisible time is changed to the backoff of its
 *   delivery attempt (the source's `delivery` policy: backoffPolicy/backoffDelay, capped at 10 minutes),
 *   so RocketMQ redelivers it then; after the consumer group's max attempts (16 by default) RocketMQ moves
 *   it to `%DLQ%<group>`. A message of a FIFO group is retried in process instead (see handle()), up to 16
 *   attempts, before it goes back the same way. With a `delivery.deadLetterSink`, a message whose attempts passed
 *   `delivery.retry` (or whose sink answered a non-retryable 4xx) goes there instead, with Knative's error
 *   extensions, and is acknowledged once the dead-letter sink took it.
 * - A message that cannot be decoded (a body that does not inflate, a failed digest) or mapped is
 *   dead-lettered alone, at once — to `delivery.deadLetterSink` with Knative's error extensions, else to
 *   RocketMQ's `%DLQ%<group>` — and the rest of its batch goes on (message-view.ts decodes each message
 *   on its own).
 * - While receiving fails, `receiveFailure` says since when and why; only a receive that started after
 *   the last failure clears it, so four receivers cannot make the source's status flap.
 * - A crash loses nothing: unacknowledged messages reappear when their invisible time ends.
 * - FIFO topics keep per-message-group order (ordering.ts).
 * - A message's trace context (a `traceparent` user property) goes on as the `traceparent` header.
 * - Bounded: at most `maxInFlight` messages are received and unsettled at once; receive calls ask for no
 *   more than the free room.
 */
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import {
  DeliveryError,
  deadLetterEvent,
  expectAccepted,
  postEvent,
  retryDelayMs,
  StopSignal,
  UnrecoverableDeliveryError,
} from '../../eventing/dispatcher/index.js';
import type { EventRecord } from '../../eventing/types.js';
import { type HopResult, type SourceHop, traceSource } from '../../observe/tracing/hops.js';
import type { TraceParent } from '../../observe/tracing/trace-context.js';
import { clientLogger } from '../../rocketmq/client.js';
import { forwardToDeadLetterQueue } from '../../rocketmq/dead-letter-queue.js';
import { installClientFixes } from '../../rocketmq/fixes.js';
import type { DecodedView } from '../../rocketmq/message-view.js';
import { AckBatcher } from './acks.js';
import {
  EVENT_TYPE,
  EXT_ATTEMPT,
  type Mapped,
  type SourceMessage,
  sourceAttribute,
  toCloudEvent,
} from './mapping.js';
import {
  type AdapterOptions,
  AWAIT_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_RECEIVERS,
  DEFAULT_SOURCE_TIMEOUT_MS,
  invisibleMs,
  MAX_BACKOFF_MS,
  MAX_BATCH_SIZE,
  type ReceiveFailure,
} from './options.js';
import { GroupSequencer } from './ordering.js';
import { emptyStats, type SourceStats } from './stats.js';

/** FilterType of the client's protobuf: TAG = 1, SQL = 2. */
const FILTER_TYPES = { TAG: 1, SQL92: 2 } as const;
/** Wait before receiving again after a failed receive call. */
const RECEIVE_RETRY_MS = 1_000;
/** Retries of a FIFO message in process before it goes back to RocketMQ (16 attempts: RocketMQ's default). */
const MAX_LOCAL_RETRIES = 15;
/** Invisible time kept in hand beyond one attempt's timeout. */
const INVISIBLE_MARGIN_MS = 2_000;

type Message = SourceMessage &
  Omit<DecodedView, 'body'> & { receiptHandle: string; endpoints: { toString(): string } };

export type { AdapterOptions, ReceiveFailure } from './options.js';

export class RocketMQAdapter {
  readonly stats: SourceStats = emptyStats();
  private readonly stop = new StopSignal();
  private readonly sequencer = new GroupSequencer();
  private readonly consumer: SimpleConsumer;
  private readonly acks: AckBatcher;
  private readonly maxInFlight: number;
  private readonly invisibleMs: number;
  private inFlight = 0;
  private reserved = 0;
  private roomWaiters: (() => void)[] = [];
  private loops: Promise<void>[] = [];
  private stopping = false;
  private readonly traceHop: SourceHop;
  /** Set while receiving fails; cleared by a receive that started after the last failure. */
  receiveFailure: ReceiveFailure | undefined;

  constructor(private readonly opts: AdapterOptions) {
    installClientFixes();
    this.traceHop = { kind: 'rocketmqsource', namespace: opts.namespace, name: opts.name, url: opts.sinkUri };
    this.maxInFlight = opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.invisibleMs = invisibleMs(opts.delivery);
    const filter = new FilterExpression(opts.selector.expression, FILTER_TYPES[opts.selector.type] as never);
    this.consumer = new SimpleConsumer({
      endpoints: opts.endpoints,
      namespace: '',
      logger: clientLogger,
      consumerGroup: opts.consumerGroup,
      subscriptions: new Map([[opts.topic, filter]]),
      awaitDuration: AWAIT_MS,
      ...(opts.credentials ? { sessionCredentials: opts.credentials } : {}),
    });
    this.acks = new AckBatcher(this.consumer, opts.consumerGroup, opts.topic);
  }

  /** Connects (rejecting when the proxy cannot be reached or refuses the group) and starts receiving. */
  async start(): Promise<void> {
    await this.consumer.startup();
    const receivers = this.opts.receivers ?? DEFAULT_RECEIVERS;
    for (let i = 0; i < receivers; i++) this.loops.push(this.receiveLoop());
  }

  /**
   * Stops receiving, lets deliveries in flight finish for up to `graceMs`, then abandons the rest (they
   * stay unacknowledged, so RocketMQ redelivers them) and closes the consumer.
   */
  async close(graceMs = 5_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const wake of this.roomWaiters.splice(0)) wake();
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.stop.stop();
    await Promise.allSettled(this.loops);
    await this.consumer.shutdown().catch(() => {});
  }

  private async receiveLoop(): Promise<void> {
    const batchSize = Math.min(this.opts.batchSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE);
    while (!this.stopping) {
      const room = await this.waitForRoom(batchSize);
      if (this.stopping) break;
      this.reserved += room;
      let messages: Message[];
      const startedAt = Date.now();
      try {
        messages = (await this.consumer.receive(room, this.invisibleMs)) as unknown as Message[];
        this.received(startedAt);
      } catch (err) {
        this.reserved -= room;
        this.wakeRoom();
        if (this.stopping) break;
        this.receiveFailed(err as Error);
        await this.stop.sleep(RECEIVE_RETRY_MS).catch(() => {});
        continue;
      }
      this.reserved -= room;
      if (this.stopping) break; // undelivered: they reappear after their invisible time
      for (const message of messages) this.accept(message);
      this.wakeRoom();
    }
  }

  private received(startedAt: number): void {
    const failure = this.receiveFailure;
    if (!failure || startedAt <= failure.last.getTime()) return;
    this.receiveFailure = undefined;
    this.opts.logger.info('receiving again', {
      topic: this.opts.topic,
      failedSince: failure.since.toISOString(),
    });
  }

  private receiveFailed(error: Error): void {
    this.stats.receiveFailed++;
    const now = new Date();
    const failure = this.receiveFailure;
    // Logged when the failure starts or changes, not once a second per receiver while it lasts.
    if (failure?.error.message !== error.message) {
      this.opts.logger.warn('receive failed', { topic: this.opts.topic, err: error.message });
    }
    this.receiveFailure = { error, since: failure?.since ?? now, last: now };
    if (!failure) this.opts.onHealthChange?.();
  }

  /**
   * Resolves with how many messages to ask for, once a whole batch fits (receiving a few at a time as
   * single slots free up would multiply receive calls for the same messages).
   */
  private async waitForRoom(batchSize: number): Promise<number> {
    const wanted = Math.min(batchSize, this.maxInFlight);
    for (;;) {
      const free = this.maxInFlight - this.inFlight - this.reserved;
      if (free >= wanted || this.stopping) return Math.max(1, Math.min(batchSize, free));
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  private wakeRoom(): void {
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  private accept(message: Message): void {
    this.inFlight++;
    this.stats.received++;
    if ((message.deliveryAttempt ?? 1) > 1) this.stats.redelivered++;
    const stamp = this.sequencer.stamp();
    const visibleAt = Date.now() + this.invisibleMs;
    const group = message.messageGroup || undefined;
    this.sequencer.run(group, async () => {
      try {
        if (group && this.sequencer.behindFailure(group, stamp)) {
          await this.nack(message, this.opts.delivery.backoffDelayMs);
        } else {
          await this.handle(message, group, visibleAt);
        }
      } catch (err) {
        this.opts.logger.warn('message left for redelivery', {
          messageId: message.messageId,
          err: (err as Error).message,
        });
      } finally {
        this.inFlight--;
        this.wakeRoom();
      }
    });
  }

  /**
   * Delivers one message until the sink takes it, it is dead-lettered, or it goes back to RocketMQ.
   * Messages of a FIFO group are retried here, in process, while they stay invisible (as RocketMQ's own
   * FIFO consumers do): handing one back would make RocketMQ hand back the rest of its queue too, and
   * messages of other groups in that queue already delivered would come again.
   */
  private async handle(message: Message, group: string | undefined, visibleAt: number): Promise<void> {
    const undecodable =
      message.decodeError ??
      (message.corrupted ? 'the body does not match its digest (corrupted)' : undefined);
    if (undecodable) return this.rejectUndecodable(message, undecodable);
    let mapped: Mapped;
    try {
      mapped = this.map(message);
    } catch (err) {
      return this.rejectUndecodable(
        message,
        `the message cannot be mapped to a CloudEvent: ${(err as Error).message}`,
      );
    }
    const { event, mode, invalid } = mapped;
    if (invalid) {
      this.opts.logger.warn('message carries an invalid CloudEvent; sent wrapped', {
        messageId: message.messageId,
        reason: invalid,
      });
    }
    const trace = traceSource(this.traceHop, event);
    const result: HopResult = {};
    try {
      await this.send(message, group, visibleAt, event, mode, trace.context, result);
    } finally {
      trace.span?.end(result);
    }
  }

  /** Sends the event to the sink until accepted (then acks), dead-lettered, or handed back to RocketMQ. */
  private async send(
    message: Message,
    group: string | undefined,
    visibleAt: number,
    event: EventRecord,
    mode: Mapped['mode'],
    trace: TraceParent | undefined,
    result: HopResult,
  ): Promise<void> {
    const policy = this.opts.delivery;
    const timeoutMs = policy.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
    const traceparent = trace?.traceparent;
    const tracestate = trace?.tracestate;
    for (let retries = 0; ; retries++) {
      const attempt = (message.deliveryAttempt ?? 1) + retries;
      if (mode === 'wrapped') event.attributes[EXT_ATTEMPT] = String(attempt);
      visibleAt = await this.keepInvisible(message, visibleAt, timeoutMs);
      try {
        const res = await postEvent(this.opts.http, this.opts.sinkUri, event, {
          timeoutMs,
          stop: this.stop,
          traceparent,
          tracestate,
        });
        result.status = res.status;
        expectAccepted(this.opts.sinkUri, res);
        result.error = undefined;
        this.opts.onSent?.(event, res.status, false);
        break;
      } catch (err) {
        if (this.stop.stopped || !(err instanceof DeliveryError)) throw err;
        result.status = err.status;
        result.error = err.message;
        this.stats.failed++;
        const exhausted = err instanceof UnrecoverableDeliveryError || attempt > policy.retry;
        if (policy.deadLetterUri && exhausted && (await this.deadLetter(message, event, err))) {
          this.opts.onSent?.(event, err.status, false);
          return;
        }
        this.opts.onSent?.(event, err.status, true);
        const wait = Math.min(retryDelayMs(policy, attempt, err.status, err.retryAfterMs), MAX_BACKOFF_MS);
        if (group && retries < MAX_LOCAL_RETRIES) {
          this.stats.redelivered++;
          await this.stop.sleep(wait);
          continue;
        }
        if (group) this.sequencer.failed(group);
        await this.nack(message, wait);
        return;
      }
    }
    await this.ack(message);
    this.stats.delivered++;
  }

  private map(message: SourceMessage): Mapped {
    return toCloudEvent(message, {
      namespace: this.opts.namespace,
      name: this.opts.name,
      ...(this.opts.overrides ? { overrides: this.opts.overrides } : {}),
      ...(this.opts.dataFormat ? { dataFormat: this.opts.dataFormat } : {}),
    });
  }

  /**
   * Dead-letters a message that cannot be decoded or mapped, alone: to the dead-letter sink (wrapped as
   * received, with Knative's error extensions; knativeerrordata says why), else to `%DLQ%<group>`. When
   * neither takes it, it goes back to RocketMQ to come again.
   */
  private async rejectUndecodable(message: Message, reason: string): Promise<void> {
    this.stats.undecodable++;
    this.opts.logger.warn('message cannot be decoded: dead-lettered', {
      messageId: message.messageId,
      reason,
    });
    const err = new UnrecoverableDeliveryError('MessageUndecodable', `undecodable message: ${reason}`);
    if (this.opts.delivery.deadLetterUri) {
      if (await this.deadLetter(message, this.asReceived(message), err)) return;
    }
    try {
      await forwardToDeadLetterQueue(this.consumer, this.opts.consumerGroup, message);
      this.stats.deadLettered++;
    } catch (dlqErr) {
      this.opts.logger.warn('dead-letter queue refused the message', { err: (dlqErr as Error).message });
      await this.nack(message, this.opts.delivery.backoffDelayMs);
    }
  }

  /** The event of a message as received (its body undecoded), or its bare identity if it maps to none. */
  private asReceived(message: Message): EventRecord {
    try {
      return this.map(message).event;
    } catch {
      const source = sourceAttribute(this.opts.namespace, this.opts.name, message.topic);
      return { attributes: { specversion: '1.0', id: message.messageId, source, type: EVENT_TYPE } };
    }
  }

  /** Extends the message's invisible time when less than one attempt's worth is left; the new deadline. */
  private async keepInvisible(message: Message, visibleAt: number, timeoutMs: number): Promise<number> {
    if (visibleAt - Date.now() > timeoutMs + INVISIBLE_MARGIN_MS) return visibleAt;
    await this.consumer.changeInvisibleDuration(message as never, this.invisibleMs);
    return Date.now() + this.invisibleMs;
  }

  /**
   * Sends the message to the dead-letter sink with Knative's error extensions (knativeerrordest: the
   * source's sink); true once it took it.
   */
  private async deadLetter(message: Message, event: EventRecord, err: DeliveryError): Promise<boolean> {
    const uri = this.opts.delivery.deadLetterUri!;
    const letter = deadLetterEvent(event, this.opts.sinkUri, err);
    const timeoutMs = this.opts.delivery.timeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
    try {
      const res = await postEvent(this.opts.http, uri, letter, { timeoutMs, stop: this.stop });
      expectAccepted(uri, res);
    } catch (dlsErr) {
      if (this.stop.stopped) throw dlsErr;
      this.opts.logger.warn('dead-letter sink failed', { err: (dlsErr as Error).message });
      return false;
    }
    await this.ack(message);
    this.stats.deadLettered++;
    return true;
  }

  private async ack(message: Message): Promise<void> {
    try {
      await this.acks.ack(message);
    } catch (err) {
      // The message comes back after its invisible time: a duplicate, never a loss.
      this.stats.ackFailed++;
      throw err;
    }
  }

  /** Returns the message to RocketMQ, to be redelivered after `waitMs`. */
  private async nack(message: Message, waitMs: number): Promise<void> {
    await this.consumer.changeInvisibleDuration(message as never, Math.max(0, Math.round(waitMs)));
  }
}
