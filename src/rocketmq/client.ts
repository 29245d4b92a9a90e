/**
 * A thin wrapper over the Apache RocketMQ Node client (`rocketmq-client-nodejs`, gRPC to the proxy): a
 * one-shot `produce` for the CLI and demos, and `receiveAndAck` for smoke tests. The client's own logger
 * writes to `~/logs/rocketmq`; ours routes its lines to Ebb's logger instead (errors as warnings, the rest
 * at debug level).
 */
import { Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { createLogger } from '../log.js';
import { installClientFixes } from './fixes.js';

const log = createLogger('rocketmq-client');
/** Routes the client's own log lines to ours. */
export const clientLogger = {
  info: (...args: unknown[]) => log.debug(args.map(String).join(' ')),
  debug: (...args: unknown[]) => log.debug(args.map(String).join(' ')),
  warn: (...args: unknown[]) => log.debug(args.map(String).join(' ')),
  error: (...args: unknown[]) => log.warn(args.map(String).join(' ')),
};

export interface ProduceOptions {
  tag?: string;
  keys?: string[];
  /** Required for a FIFO topic: messages of one group are delivered in order. */
  messageGroup?: string;
  properties?: Record<string, string>;
}

export interface ProduceResult {
  messageId: string;
}

/** Sends one message through the proxy at `endpoint` (`host:port`). */
export async function produce(
  endpoint: string,
  topic: string,
  body: Buffer | string,
  options: ProduceOptions = {},
): Promise<ProduceResult> {
  const [messageId] = await produceMany(endpoint, topic, [{ ...options, body }], 1);
  return { messageId: messageId! };
}

export interface OutgoingMessage extends ProduceOptions {
  body: Buffer | string;
}

/** A started producer for one topic: `send` resolves with the message id once the broker stored it. */
export interface TopicProducer {
  send(message: OutgoingMessage): Promise<string>;
  close(): Promise<void>;
}

/** Starts a producer through the proxy at `endpoint` (`host:port`) for `topic`. */
export async function openProducer(endpoint: string, topic: string): Promise<TopicProducer> {
  const producer = new Producer({ endpoints: endpoint, namespace: '', logger: clientLogger, topic });
  await producer.startup();
  return {
    async send(m) {
      const receipt = await producer.send({
        topic,
        body: typeof m.body === 'string' ? Buffer.from(m.body) : m.body,
        ...(m.tag ? { tag: m.tag } : {}),
        ...(m.keys ? { keys: m.keys } : {}),
        ...(m.messageGroup ? { messageGroup: m.messageGroup } : {}),
        ...(m.properties ? { properties: new Map(Object.entries(m.properties)) } : {}),
      });
      return receipt.messageId;
    },
    close: () => producer.shutdown(),
  };
}

/**
 * Sends many messages through one producer, `concurrency` at a time; resolves with their ids in input
 * order. Messages of one message group are sent one after another, so a FIFO topic stores them in order.
 */
export async function produceMany(
  endpoint: string,
  topic: string,
  messages: OutgoingMessage[],
  concurrency = 32,
): Promise<string[]> {
  const producer = await openProducer(endpoint, topic);
  const ids: string[] = new Array(messages.length);
  const byGroup = new Map<string, number[]>();
  for (let i = 0; i < messages.length; i++) {
    const key = messages[i]!.messageGroup ?? `#${i}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), i]);
  }
  const lanes = [...byGroup.values()];
  let next = 0;
  const worker = async () => {
    for (let lane = lanes[next++]; lane; lane = lanes[next++]) {
      for (const i of lane) ids[i] = await producer.send(messages[i]!);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, lanes.length) }, worker));
    return ids;
  } finally {
    await producer.close();
  }
}

export interface ReceivedMessage {
  messageId: string;
  topic: string;
  body: Buffer;
  tag: string | undefined;
  keys: string[];
  messageGroup: string | undefined;
  deliveryAttempt: number | undefined;
  bornTimestamp: Date | undefined;
  properties: Record<string, string>;
}

export interface ReceiveOptions {
  topic: string;
  consumerGroup: string;
  /** Tag expression. @defaultValue '*' */
  tag?: string;
  /** Stop after this many messages. @defaultValue 1 */
  count?: number;
  /** Give up after this long, in ms. @defaultValue 30_000 */
  timeoutMs?: number;
}

/**
 * Receives up to `count` messages with a SimpleConsumer, acknowledging each, and returns them; returns
 * fewer if the time runs out.
 */
export async function receiveAndAck(endpoint: string, options: ReceiveOptions): Promise<ReceivedMessage[]> {
  installClientFixes();
  const count = options.count ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const consumer = new SimpleConsumer({
    endpoints: endpoint,
    namespace: '',
    logger: clientLogger,
    consumerGroup: options.consumerGroup,
    subscriptions: new Map([[options.topic, options.tag ?? '*']]),
    awaitDuration: 5_000,
  });
  await consumer.startup();
  const out: ReceivedMessage[] = [];
  try {
    while (out.length < count && Date.now() < deadline) {
      const messages = await consumer.receive(Math.min(32, count - out.length), 30_000);
      for (const m of messages) {
        await consumer.ack(m);
        out.push({
          messageId: m.messageId,
          topic: m.topic,
          body: m.body,
          tag: m.tag || undefined,
          keys: m.keys,
          messageGroup: m.messageGroup || undefined,
          deliveryAttempt: m.deliveryAttempt,
          bornTimestamp: m.bornTimestamp,
          properties: Object.fromEntries(m.properties),
        });
      }
    }
    return out;
  } finally {
    await consumer.shutdown();
  }
}
