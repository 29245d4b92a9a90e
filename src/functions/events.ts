/**
 * CloudEvents in and out of a function: the request's event (binary or structured mode, read by Ebb's own
 * binding) as a `cloudevents` SDK CloudEvent — data parsed as the SDK does: JSON → value, text → string,
 * other bytes → Buffer — and a returned SDK CloudEvent as a binary-mode reply. Loaded by the server only
 * when a request carries an event or a handler returns one, so an HTTP function's cold start does not pay
 * for the binding or the SDK.
 */
import { createRequire } from 'node:module';
import { CloudEventError, parseHttpEvents, toBinaryHttp } from '../eventing/cloudevents/index.js';
import type { EventRecord } from '../eventing/types.js';
import type { Reply } from './reply.js';

const require = createRequire(import.meta.url);

export type Incoming = { event: unknown } | { status: number; message: string };

/** The request's CloudEvent, or the status and reason it is refused with. */
export function readEvent(headers: Record<string, string | string[] | undefined>, raw: Buffer): Incoming {
  try {
    const events = parseHttpEvents(headers, raw);
    if (events.length !== 1)
      return { status: 400, message: 'a function takes one event per request, not a batch' };
    return { event: sdkEvent(events[0]!) };
  } catch (err) {
    if (err instanceof CloudEventError) return { status: err.status, message: err.message };
    throw err;
  }
}

function sdkEvent(record: EventRecord): unknown {
  const { CloudEvent } = require('cloudevents') as typeof import('cloudevents');
  const attributes: Record<string, unknown> = { ...record.attributes };
  if (record.data !== undefined) attributes.data = eventData(record.attributes.datacontenttype, record.data);
  return new CloudEvent(attributes, false);
}

function eventData(contentType: string | undefined, data: Buffer): unknown {
  const type = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.parse(data.toString('utf8'));
    } catch {
      return data.toString('utf8');
    }
  }
  if (type.startsWith('text/') || /charset=/i.test(contentType ?? '')) return data.toString('utf8');
  return data;
}

/** A CloudEvent (SDK object) as a binary-mode reply. */
export function eventReply(event: Record<string, unknown>, headers: Record<string, string>): Reply {
  const attributes: Record<string, string> = {};
  let data: Buffer | undefined;
  for (const [k, v] of Object.entries(event)) {
    if (v === undefined || v === null || k === 'data' || k === 'data_base64') continue;
    attributes[k] = v instanceof Date ? v.toISOString() : String(v);
  }
  if (event.data_base64 !== undefined) data = Buffer.from(String(event.data_base64), 'base64');
  else if (event.data !== undefined) {
    const d = event.data;
    data =
      Buffer.isBuffer(d) || d instanceof Uint8Array
        ? Buffer.from(d)
        : Buffer.from(typeof d === 'string' ? d : JSON.stringify(d));
    if (!attributes.datacontenttype && typeof d !== 'string' && !(d instanceof Uint8Array))
      attributes.datacontenttype = 'application/json; charset=utf-8';
  }
  const http = toBinaryHttp(data ? { attributes, data } : { attributes });
  return { status: 200, headers: { ...headers, ...http.headers }, body: http.body ?? '' };
}
