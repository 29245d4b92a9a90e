/**
 * order-service: validates an order event, processes it (PROCESSING_MS, ±20%, standing for the real
 * work: payment check, inventory), stores it idempotently — an upsert by orderId, so a duplicate or a
 * redelivery is absorbed, counted in `deliveries` — and replies `order.accepted` (extension `orderstatus`,
 * which the delivery-dispatcher's CESQL filter reads). A malformed order is answered 400 naming its bad
 * fields: the broker does not retry it, it goes to the Trigger's dead-letter sink with knativeerrorcode 400.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { CloudEvent } from 'cloudevents';
import { closeStore, openStore } from '../shared/db.ts';
import { InvalidOrder, readOrder } from './order.ts';

const PROCESSING_MS = Number(process.env.PROCESSING_MS ?? 50);

interface Context {
  body?: unknown;
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void };
}

let upsert: ((o: Record<string, unknown>) => { changes: number }) | undefined;

export function init(): void {
  const db = openStore();
  const insert = db.prepare(
    `INSERT INTO orders (orderId, orderStatus, userPhoneNo, prodId, prodName, chargeMoney, chargeTime, finishTime, storedAt)
     VALUES (@orderId, @orderStatus, @userPhoneNo, @prodId, @prodName, @chargeMoney, @chargeTime, @finishTime, @storedAt)
     ON CONFLICT(orderId) DO UPDATE SET deliveries = deliveries + 1`,
  );
  upsert = (o) => insert.run(o);
}

export function shutdown(): void {
  closeStore();
}

export async function handle(context: Context, event?: CloudEvent<unknown>) {
  let order: ReturnType<typeof readOrder>;
  try {
    order = readOrder(event ? event.data : context.body);
  } catch (err) {
    if (!(err instanceof InvalidOrder)) throw err;
    context.log.warn(`malformed order ${event?.id ?? ''}: ${err.message}`);
    return { statusCode: 400, body: { error: 'malformed order', fields: err.fields } };
  }
  await sleep(PROCESSING_MS * (0.8 + Math.random() * 0.4));
  upsert!({ ...order, storedAt: Date.now() });
  return new CloudEvent({
    type: 'order.accepted',
    source: '/food-delivery/order-service',
    id: `accepted-${order.orderId}`,
    subject: order.orderId,
    orderstatus: order.orderStatus,
    datacontenttype: 'application/json',
    data: order,
  });
}
