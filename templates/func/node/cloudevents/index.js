/**
 * {{name}}: a CloudEvents function. Ebb (like Knative func's Node runtime) calls `handle` with each event
 * sent to `/` (binary or structured mode); it is also `context.cloudevent`. A CloudEvent returned is the
 * reply (sent back in binary mode; through a Trigger it goes back to the Broker) — built here with
 * `context.cloudEventResponse`, so nothing needs installing; `new CloudEvent(...)` from the `cloudevents`
 * package works too once it is installed. A request that is not an event gets a 400 here.
 *
 * @param {import('faas-js-runtime').Context} context
 * @param {import('cloudevents').CloudEvent<unknown>} [event]
 */
export const handle = async (context, event) => {
  if (!context.cloudevent || !event) {
    return { statusCode: 400, body: 'expected a CloudEvent: ce-specversion, ce-id, ce-type and ce-source headers' };
  }
  context.log.info(`received ${event.type} from ${event.source}`);
  return context
    .cloudEventResponse({ received: event.data ?? null })
    .source('{{name}}')
    .type('function.response')
    .response();
};
