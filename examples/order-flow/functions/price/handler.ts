/**
 * order-price, the Sequence's second step: adds the delivery fee (free from 30) and the total, and
 * replies `order.priced`.
 */
import { CloudEvent } from 'cloudevents';

interface Order {
  orderId: string;
  chargeMoney: number;
  steps?: string[];
  [k: string]: unknown;
}

export const FREE_DELIVERY_FROM = 30;
export const DELIVERY_FEE = 5;

export function handle(_context: unknown, event: CloudEvent<Order>) {
  const o = event.data!;
  const deliveryFee = o.chargeMoney >= FREE_DELIVERY_FROM ? 0 : DELIVERY_FEE;
  return new CloudEvent({
    type: 'order.priced',
    source: '/order-flow/price',
    id: `${event.id}.priced`,
    subject: o.orderId,
    datacontenttype: 'application/json',
    data: { ...o, deliveryFee, total: o.chargeMoney + deliveryFee, steps: [...(o.steps ?? []), 'price'] },
  });
}
