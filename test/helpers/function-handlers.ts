/**
 * The handlers test/e2e/functions.test.ts deploys, as TypeScript source text: one per case (an HTTP
 * reply, a CloudEvent reply, init/shutdown, health, a thrown error, a syntax error, an npm dependency).
 */
export const GREET = `
interface Context {
  method: string;
  query: Record<string, string>;
  log: { info(...args: unknown[]): void };
}
interface Order { item: string; quantity: number }

export async function handle(context: Context, order: Order) {
  context.log.info(\`pricing \${order.quantity} x \${order.item}\`);
  const total: number = order.quantity * 2.5;
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json', 'x-order-total': String(total) },
    body: { item: order.item, total, method: context.method, currency: context.query.currency ?? 'EUR' },
  };
}
`;

export const PRICER = `
import { CloudEvent } from 'cloudevents';

interface Order { item: string; quantity: number }

export function handle(_context: unknown, event: CloudEvent<Order>): CloudEvent<unknown> {
  const order = event.data as Order;
  return new CloudEvent({
    type: 'dev.ebb.order.priced',
    source: '/functions/pricer',
    orderid: event.id,
    data: { ...order, total: order.quantity * 2.5 },
  });
}
`;

/** Named exports: init (slow, before listening), handle, shutdown (writes $SHUTDOWN_MARKER). */
export const LIFECYCLE = `
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

let greeting: string | undefined;
let served = 0;

export async function init(): Promise<void> {
  await sleep(300);
  greeting = 'set by init';
}

export function handle() {
  served++;
  return { greeting, pid: process.pid, served };
}

export function shutdown(): void {
  writeFileSync(process.env.SHUTDOWN_MARKER as string, JSON.stringify({ pid: process.pid, served }));
}
`;

/** A Function object as the default export: readiness fails until $READY_FILE exists. */
export const HEALTH = `
import { existsSync } from 'node:fs';

const gate = process.env.READY_FILE as string;

export default {
  handle: () => 'served',
  readiness: () => {
    if (!existsSync(gate)) throw new Error(\`waiting for \${gate}\`);
    return 'warmed up';
  },
  liveness: () => 'alive',
};
`;

export const THROWS = `
class OrderError extends Error {
  override name = 'OrderError';
}

export function handle(context: { query: Record<string, string> }): string {
  if (!context.query.id) throw new OrderError('no order id in the query');
  return \`order \${context.query.id}\`;
}
`;
export const THROW_LINE = 7;

export const BROKEN = `export function handle(context: unknown) {
  return { ok: true ;
}
`;

export const WITH_MS = `
import ms from 'ms';

export const handle = (context: { query: Record<string, string> }) => ({
  ms: ms(context.query.d ?? '1m'),
  long: ms(90_000, { long: true }),
});
`;
