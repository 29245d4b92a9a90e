/**
 * {{name}}: a CloudEvents function. Ebb (like Knative func's Node runtime) calls `handle` with each event
 * sent to `/` (binary or structured mode): `event` is a CloudEvent of the `cloudevents` SDK — Ebb's own
 * copy unless this folder installs one. A CloudEvent returned is the reply (sent back in binary mode;
 * through a Trigger it goes back to the Broker). A request that is not an event gets a 400 here.
 */
import { CloudEvent } from 'cloudevents';
import type { Context, StructuredReturn } from 'faas-js-runtime';

export const handle = async (
  context: Context,
  event?: CloudEvent<unknown>,
): Promise<CloudEvent<unknown> | StructuredReturn> => {
  if (!context.cloudevent || !event) {
    return { statusCode: 400, body: 'expected a CloudEvent: ce-specversion, ce-id, ce-type and ce-source headers' };
  }
  context.log.info(`received ${event.type} from ${event.source}`);
  return new CloudEvent({
    source: '{{name}}',
    type: 'function.response',
    data: { received: event.data ?? null },
  });
};
