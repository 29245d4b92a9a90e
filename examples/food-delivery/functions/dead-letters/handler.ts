/**
 * dead-letters: the order Trigger's dead-letter sink. Keeps each event the order service refused — with
 * Knative's error extensions `knativeerrorcode`, `knativeerrordest` and `knativeerrordata` — once per
 * event id, in the food-delivery store, for someone to look at (and for the demo to count).
 */
import type { CloudEvent } from 'cloudevents';
import { closeStore, openStore } from '../shared/db.ts';

let keep: ((row: Record<string, unknown>) => unknown) | undefined;

export function init(): void {
  const insert = openStore().prepare(
    `INSERT INTO dead_letters (id, errorCode, errorDest, errorData, keys, data, receivedAt)
     VALUES (@id, @errorCode, @errorDest, @errorData, @keys, @data, @receivedAt)
     ON CONFLICT(id) DO UPDATE SET deliveries = deliveries + 1`,
  );
  keep = (row) => insert.run(row);
}

export function shutdown(): void {
  closeStore();
}

const text = (v: unknown) =>
  v === undefined ? null : typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : JSON.stringify(v);

export function handle(_context: unknown, event: CloudEvent<unknown>) {
  keep!({
    id: event.id,
    errorCode: text(event.knativeerrorcode),
    errorDest: text(event.knativeerrordest),
    errorData: text(event.knativeerrordata),
    keys: text(event.rocketmqkeys),
    data: text(event.data),
    receivedAt: Date.now(),
  });
}
