/**
 * order-validate, the Sequence's first step: checks the order's fields (the food-delivery sample's
 * shape), answers 400 for a malformed one (the channel's delivery then dead-letters it) and replies
 * `order.validated` with the order tidied up.
 */
import { CloudEvent } from 'cloudevents';

interface Order {
  orderId?: unknown;
  orderStatus?: unknown;
  prodId?: unknown;
  prodName?: unknown;
  chargeMoney?: unknown;
  [k: string]: unknown;
}

export function handle(_context: unknown, event: CloudEvent<Order>) {
  const o = event.data ?? {};
  const problems: string[] = [];
  if (typeof o.orderId !== 'string' || o.orderId === '') problems.push('orderId: required');
  if (typeof o.prodName !== 'string' || o.prodName.trim() === '') problems.push('prodName: required');
  const money = Number(o.chargeMoney);
  if (!Number.isFinite(money) || money < 0) problems.push(`chargeMoney: not an amount (${o.chargeMoney})`);
  if (problems.length > 0) throw Object.assign(new Error(problems.join('; ')), { statusCode: 400 });
  return new CloudEvent({
    type: 'order.validated',
    source: '/order-flow/validate',
    id: `${event.id}.validated`,
    subject: String(o.orderId),
    datacontenttype: 'application/json',
    data: { ...o, prodName: String(o.prodName).trim(), chargeMoney: money, steps: ['validate'] },
  });
}
