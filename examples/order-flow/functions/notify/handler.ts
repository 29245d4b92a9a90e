/**
 * order-notify: the Parallel's refund branch — logs the message it would send the customer
 * (`ebb logs ksvc/order-notify`) and replies `order.notified`.
 */
import { CloudEvent } from 'cloudevents';

interface Context {
  log: { info(...a: unknown[]): void };
}

interface Order {
  orderId: string;
  orderStatus?: string;
  chargeMoney?: number;
  [k: string]: unknown;
}

export function handle(context: Context, event: CloudEvent<Order>) {
  const o = event.data!;
  const message = `order ${o.orderId} ${o.orderStatus}: ${o.chargeMoney} back on your card`;
  context.log.info(`SMS: ${message}`);
  return new CloudEvent({
    type: 'order.notified',
    source: '/order-flow/notify',
    id: `${event.id}.notified`,
    subject: o.orderId,
    datacontenttype: 'application/json',
    data: { orderId: o.orderId, message },
  });
}
