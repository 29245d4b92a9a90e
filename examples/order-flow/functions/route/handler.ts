/**
 * order-route: sends an order to a kitchen — the same kitchen for the same product, so a redelivery
 * changes nothing — and replies `order.routed`. The Sequence's last step, and the Parallel's paid branch.
 */
import { CloudEvent } from 'cloudevents';

const KITCHENS = ['north', 'south', 'east', 'west'];

interface Order {
  orderId: string;
  prodId?: string;
  steps?: string[];
  [k: string]: unknown;
}

export function handle(_context: unknown, event: CloudEvent<Order>) {
  const o = event.data!;
  let h = 0;
  for (const c of String(o.prodId ?? o.orderId)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return new CloudEvent({
    type: 'order.routed',
    source: '/order-flow/route',
    id: `${event.id}.routed`,
    subject: o.orderId,
    datacontenttype: 'application/json',
    data: { ...o, kitchen: KITCHENS[h % KITCHENS.length], steps: [...(o.steps ?? []), 'route'] },
  });
}
