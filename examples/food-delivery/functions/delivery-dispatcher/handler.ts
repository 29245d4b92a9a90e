/**
 * delivery-dispatcher: gets accepted, paid orders (its Trigger's CESQL filter:
 * `type = 'order.accepted' AND orderstatus = 'paid'`), assigns a courier — the same one for the same order,
 * so a redelivery assigns nobody new — and replies `delivery.assigned`.
 */
import { CloudEvent } from 'cloudevents';

const COURIERS = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Femi', 'Gus', 'Hana', 'Ivo', 'Jun'];

interface Order {
  orderId: string;
  prodName: string;
}

function courierFor(orderId: string): string {
  let h = 0;
  for (const c of orderId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return COURIERS[h % COURIERS.length]!;
}

export function handle(_context: unknown, event: CloudEvent<Order>) {
  const order = event.data!;
  const courier = courierFor(order.orderId);
  return new CloudEvent({
    type: 'delivery.assigned',
    source: '/food-delivery/delivery-dispatcher',
    id: `assigned-${order.orderId}`,
    subject: order.orderId,
    datacontenttype: 'application/json',
    data: { orderId: order.orderId, courier, prodName: order.prodName, etaMinutes: 15 + (order.orderId.length % 20) },
  });
}
