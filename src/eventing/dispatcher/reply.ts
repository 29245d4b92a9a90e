/**
 * Replies: a subscriber may answer a delivery with a CloudEvent (binary `ce-*` headers or a structured
 * `application/cloudevents...` body), which goes back into the broker through its ingress. Knative's rule
 * for triggers holds: a 2xx response must be empty or a valid CloudEvent; anything else fails the delivery.
 * A reply carries the original's `knativebrokerttl` minus one and is dropped when that reaches zero, which
 * is what breaks a subscriber that answers every event with another event of the same type.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseHttpEvents } from '../cloudevents/index.js';
import { replyTtl, TTL_EXTENSION } from '../ingress/ttl.js';
import type { EventRecord } from '../types.js';
import { type DeliveryResponse, header, type ResponseHeaders } from './delivery.js';
import { InvalidReplyError } from './errors.js';

export function isCloudEventMessage(headers: ResponseHeaders): boolean {
  if (headers['ce-specversion'] !== undefined) return true;
  const type = header(headers, 'content-type');
  return type?.trimStart().toLowerCase().startsWith('application/cloudevents') === true;
}

/** The reply events in a 2xx response: none for an empty body; throws InvalidReplyError for a body that is
 * not a CloudEvent (or not a valid one). */
export function readReply(url: string, res: DeliveryResponse): EventRecord[] {
  if (!isCloudEventMessage(res.headers)) {
    if (res.body.length === 0) return [];
    throw new InvalidReplyError(
      url,
      res.status,
      res.body.subarray(0, 1024),
      'a non-empty response that is not a CloudEvent (the response must be empty or a CloudEvent)',
    );
  }
  if (res.truncated) {
    throw new InvalidReplyError(
      url,
      res.status,
      res.body.subarray(0, 1024),
      'a reply event that is too large',
    );
  }
  try {
    return parseHttpEvents(res.headers as IncomingHttpHeaders, res.body);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new InvalidReplyError(
      url,
      res.status,
      res.body.subarray(0, 1024),
      `an invalid CloudEvent: ${reason}`,
    );
  }
}

/** The reply as posted to the broker, with the TTL the original leaves it; undefined when exhausted. */
export function replyFor(reply: EventRecord, original: EventRecord): EventRecord | undefined {
  const ttl = replyTtl(original);
  if (ttl <= 0) return undefined;
  return { ...reply, attributes: { ...reply.attributes, [TTL_EXTENSION]: String(ttl) } };
}
