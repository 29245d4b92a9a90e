/**
 * echo-event: replies to each CloudEvent with an event of type `dev.ebb.echo.reply` carrying the same
 * data, its `subject` the id of the event it answers and its `echotype` extension that event's type.
 * Delivered by a Trigger, the reply goes back to the Broker. A request that is not an event gets a 400.
 */
import { CloudEvent } from 'cloudevents';
import type { Context, StructuredReturn } from 'faas-js-runtime';

export const REPLY_TYPE = 'dev.ebb.echo.reply';

export const handle = async (
  context: Context,
  event?: CloudEvent<unknown>,
): Promise<CloudEvent<unknown> | StructuredReturn> => {
  if (!context.cloudevent || !event) {
    return { statusCode: 400, body: 'expected a CloudEvent: ce-specversion, ce-id, ce-type and ce-source headers' };
  }
  context.log.info(`echoing ${event.type} ${event.id} from ${event.source}`);
  return new CloudEvent({
    type: REPLY_TYPE,
    source: '/functions/echo-event',
    subject: event.id,
    echotype: event.type,
    data: event.data ?? null,
  });
};
