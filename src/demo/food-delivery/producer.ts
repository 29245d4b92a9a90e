/**
 * The demo's load: orders sent at the compressed day's rate, either to RocketMQ through the real client
 * (the message key is the orderId, the tag `order`) or, without RocketMQ, straight to the Broker as binary
 * CloudEvents of the type the RocketMQSource gives them. The pace is kept by integrating the rate every
 * tick; at most `maxOutstanding` sends wait at once (the producer falls behind, and says so, rather than
 * piling up). Every send is recorded with its time, for the latency and the final accounting.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import type { TopicProducer } from '../../rocketmq/index.js';
import { sniffContentType } from '../../sources/rocketmq/mapping.js';
import type { OrderGenerator, OrderKind, OutgoingOrder } from './orders.js';

export const EVENT_TYPE = 'dev.knative.rocketmq.event';
const TICK_MS = 50;

export interface Sent {
  kind: OrderKind;
  key: string;
  /** Epoch ms the send started. */
  at: number;
}

/** Where orders go: one call per order; resolves once the target has it (RocketMQ stored it, or 202). */
export type SendOrder = (order: OutgoingOrder) => Promise<void>;

export function toRocketMQ(producer: TopicProducer): SendOrder {
  return async (order) => {
    await producer.send({ body: order.body, tag: 'order', keys: [order.key] });
  };
}

/**
 * Posts to the broker's ingress URL the event the RocketMQSource would have made of the message: its
 * content type sniffed from the body the same way (a truncated JSON body is text, not JSON — a function
 * runtime refuses JSON-typed data that does not parse, before the handler, as faas-js-runtime does), the
 * key as `rocketmqkeys`; a malformed order's event id is its tracking key.
 */
export function toBroker(brokerUrl: string): { send: SendOrder; close: () => Promise<void> } {
  const url = new URL(brokerUrl);
  const pool = new Pool(url.origin, { connections: 32 });
  const send: SendOrder = async (order) => {
    const res = await pool.request({
      method: 'POST',
      path: url.pathname,
      headers: {
        'ce-specversion': '1.0',
        'ce-id': order.kind === 'malformed' ? order.key : randomUUID(),
        'ce-source': '/ebb/demo/food-delivery',
        'ce-type': EVENT_TYPE,
        'ce-rocketmqkeys': order.key,
        'content-type': sniffContentType(Buffer.from(order.body)),
      },
      body: order.body,
    });
    await res.body.dump();
    if (res.statusCode !== 202) throw new Error(`the broker answered ${res.statusCode}`);
  };
  return { send, close: () => pool.close() };
}

export interface ProducerStats {
  sent: number;
  byKind: Record<OrderKind, number>;
  failed: number;
  /** Orders the producer could not send on time (maxOutstanding reached). */
  behind: number;
  lastError?: string;
}

export class DayProducer {
  readonly sent: Sent[] = [];
  readonly stats: ProducerStats = {
    sent: 0,
    byKind: { valid: 0, duplicate: 0, malformed: 0 },
    failed: 0,
    behind: 0,
  };
  #due = 0;
  #outstanding = 0;
  #timer: NodeJS.Timeout | undefined;
  #last = 0;
  readonly #idle: (() => void)[] = [];

  constructor(
    private readonly send: SendOrder,
    private readonly orders: OrderGenerator,
    /** Orders per second now. */
    private readonly rate: () => number,
    private readonly maxOutstanding = 512,
  ) {}

  start(): void {
    this.#last = Date.now();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
  }

  /** Stops producing; resolves when every send started has finished. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    if (this.#outstanding > 0) await new Promise<void>((r) => this.#idle.push(r));
  }

  #tick(): void {
    const now = Date.now();
    this.#due += (this.rate() * (now - this.#last)) / 1000;
    this.#last = now;
    while (this.#due >= 1) {
      this.#due--;
      if (this.#outstanding >= this.maxOutstanding) {
        this.stats.behind++;
        continue;
      }
      this.#one(now);
    }
  }

  #one(now: number): void {
    const order = this.orders.next(new Date(now));
    this.#outstanding++;
    this.send(order).then(
      () => {
        this.sent.push({ kind: order.kind, key: order.key, at: now });
        this.stats.sent++;
        this.stats.byKind[order.kind]++;
        this.#done();
      },
      (err: Error) => {
        this.stats.failed++;
        this.stats.lastError = err.message;
        this.#done();
      },
    );
  }

  #done(): void {
    this.#outstanding--;
    if (this.#outstanding === 0) for (const r of this.#idle.splice(0)) r();
  }
}
