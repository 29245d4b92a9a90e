/** order-log: prints every result the flows reply with (`ebb logs ksvc/order-log`). */
import type { CloudEvent } from 'cloudevents';

interface Context {
  log: { info(...a: unknown[]): void };
}

export function handle(context: Context, event: CloudEvent<unknown>) {
  context.log.info(`${event.type} ${event.subject ?? ''} ${JSON.stringify(event.data)}`);
}
