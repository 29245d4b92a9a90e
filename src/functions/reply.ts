/**
 * What a handler's return value becomes on the wire, by faas-js-runtime's rules (lib/invoker.js): a
 * CloudEvent (any object whose constructor is named CloudEvent, from whichever copy of the SDK) → the
 * reply event in binary mode (events.ts); nothing (undefined, null, '') → 204; a string → text/plain; an object with
 * `headers`, `statusCode` or `body` → that response (a CloudEvents SDK `Message` is one); any other value
 * → JSON. Every answer carries the runtime's CORS headers. A thrown error → its status (a numeric
 * `statusCode`/`code` from 400 to 599, else 500) and a text body naming it.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'access-control-allow-methods': 'OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH',
  'access-control-allow-origin': '*',
};

export function isCloudEvent(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && value.constructor?.name === 'CloudEvent';
}

/** The runtime's headers on every answer (CORS, and JSON by default). */
export const baseHeaders = (): Record<string, string> => ({ ...BASE_HEADERS });

/** Any return value but a CloudEvent (events.ts answers those). */
export function replyOf(value: unknown): Reply {
  const headers: Record<string, string> = { ...BASE_HEADERS };
  if (value === undefined || value === null || value === '' || value === false || value === 0) {
    const { 'content-type': _, ...rest } = headers;
    return { status: 204, headers: rest, body: '' };
  }
  if (typeof value === 'string') {
    return { status: 200, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: value };
  }
  if (typeof value !== 'object') return { status: 200, headers, body: JSON.stringify(value) };
  const v = value as { headers?: unknown; statusCode?: unknown; body?: unknown };
  const own: Record<string, string> = {};
  if (typeof v.headers === 'object' && v.headers !== null) {
    for (const [k, h] of Object.entries(v.headers)) own[k.toLowerCase()] = String(h);
  }
  Object.assign(headers, own);
  const status = typeof v.statusCode === 'number' && v.statusCode > 0 ? v.statusCode : 200;
  if (v.body !== undefined) {
    if (!own['content-type']) {
      if (typeof v.body === 'string') headers['content-type'] = 'text/plain; charset=utf-8';
    }
    return { status, headers, body: serialize(v.body) };
  }
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(value),
  };
}

function serialize(body: unknown): Buffer | string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  return JSON.stringify(body);
}

/** The answer to a handler that threw. */
export function errorReply(err: unknown): Reply {
  const e = err as { name?: unknown; message?: unknown; statusCode?: unknown; code?: unknown };
  const declared = [e?.statusCode, e?.code].find((c) => typeof c === 'number' && c >= 400 && c <= 599);
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return {
    status: (declared as number | undefined) ?? 500,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: `${name}: ${message}`,
  };
}
