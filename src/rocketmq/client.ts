/**
 * A thin wrapper over the Apache RocketMQ Node client (`rocketmq-client-nodejs`, gRPC to the proxy): a
 * one-shot `produce` for the CLI and demos, and `receiveAndAck` for smoke tests. The client's own logger
 * writes to `~/logs/rocketmq`; ours routes its lines to Ebb's logger instead (errors as warnings, the rest
 * at debug level).
 */
import { Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { createLogger } from '../log.js';

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
  const producer = new Producer({ endpoints: endpoint, namespace: '', logger: clientLogger, topic });
  await producer.startup();
  try {
    const receipt = await producer.send({
      topic,
      body: typeof body === 'string' ? Buffer.from(body) : body,
      ...(options.tag ? { tag: options.tag } : {}),
      ...(options.keys ? { keys: options.keys } : {}),
      ...(options.messageGroup ? { messageGroup: options.messageGroup } : {}),
      ...(options.properties ? { properties: new Map(Object.entries(options.properties)) } : {}),
    });
    return { messageId: receipt.messageId };
  } finally {
    await producer.shutdown();
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
