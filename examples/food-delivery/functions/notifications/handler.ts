/**
 * notifications: a third consumer of the same events (fan-out): tells the customer their order was
 * accepted and who brings it. It only logs the message it would send (`ebb logs ksvc/notifications`).
 */
import type { CloudEvent } from 'cloudevents';

interface Context {
  log: { info(...a: unknown[]): void };
}

export function handle(context: Context, event: CloudEvent<Record<string, unknown>>) {
  const d = event.data ?? {};
  if (event.type === 'order.accepted') {
    const phone = String(d.userPhoneNo ?? '');
    context.log.info(`SMS to ${phone.slice(0, 3)}****${phone.slice(-4)}: order ${d.orderId} accepted (${d.prodName})`);
  } else if (event.type === 'delivery.assigned') {
    context.log.info(`push: ${d.courier} is bringing order ${d.orderId}, about ${d.etaMinutes} min`);
  }
}
