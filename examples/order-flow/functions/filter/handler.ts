/**
 * order-filter: a Parallel branch's filter. It answers with the event itself when the order's field
 * matches (`MATCH=field=value`, from the Service's env), and with nothing otherwise — Knative's contract
 * for a Parallel filter: the reply is what goes on down the branch.
 */
import type { CloudEvent } from 'cloudevents';

const [field = '', value = ''] = (process.env.MATCH ?? '').split('=');

export function handle(_context: unknown, event: CloudEvent<Record<string, unknown>>) {
  if (String(event.data?.[field]) !== value) return undefined;
  return event;
}
