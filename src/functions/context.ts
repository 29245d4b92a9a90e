/**
 * The `context` a handler receives, as faas-js-runtime builds it: `body` (parsed by content type as its
 * fastify parsers do: application/json → value, text/plain → string, form → object, anything else → Buffer,
 * none → undefined), `query` (also spread
 * onto the context itself, as faas-js-runtime does), `headers`, `method`, `httpVersion(Major|Minor)`,
 * `contentType`, `rawBody` (the bytes; faas-js-runtime has it only with `--include-raw`), `log`, and
 * `cloudevent` for an event request; `cloudEventResponse(data)` builds a reply event.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { FunctionLogger } from './contract.js';

const require = createRequire(import.meta.url);

export class BadBodyError extends Error {
  override readonly name = 'BadBodyError';
}

export class FunctionContext {
  [key: string]: unknown;
  body: unknown;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  method: string;
  httpVersion: string;
  httpVersionMajor: number;
  httpVersionMinor: number;
  contentType: string | undefined;
  rawBody: Buffer;
  log: FunctionLogger;
  cloudevent?: unknown;

  constructor(req: IncomingMessage, url: URL, raw: Buffer, log: FunctionLogger) {
    this.query = queryObject(url.searchParams);
    Object.assign(this, this.query);
    this.headers = { ...req.headers };
    this.method = req.method ?? 'GET';
    this.httpVersion = req.httpVersion;
    this.httpVersionMajor = req.httpVersionMajor;
    this.httpVersionMinor = req.httpVersionMinor;
    this.contentType = req.headers['content-type'];
    this.rawBody = raw;
    this.body = parseBody(this.contentType, raw);
    this.log = log;
  }

  /** A reply event builder: `context.cloudEventResponse(data).type(t).source(s).response()`. */
  cloudEventResponse(data: unknown): CloudEventResponse {
    return new CloudEventResponse(data);
  }
}

class CloudEventResponse {
  private readonly attributes: Record<string, unknown>;
  constructor(data: unknown) {
    this.attributes = { data };
  }
  version(v: string) {
    this.attributes.specversion = v;
    return this;
  }
  id(v: string) {
    this.attributes.id = v;
    return this;
  }
  type(v: string) {
    this.attributes.type = v;
    return this;
  }
  source(v: string) {
    this.attributes.source = v;
    return this;
  }
  response(): unknown {
    const { CloudEvent } = require('cloudevents') as typeof import('cloudevents');
    return new CloudEvent(this.attributes);
  }
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const essence = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** The body as faas-js-runtime's parsers give it. */
export function parseBody(contentType: string | undefined, raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  if (contentType === undefined) return raw;
  const type = essence(contentType);
  if (type === 'application/cloudevents+json') return raw.toString('utf8');
  if (type === 'application/json') {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw new BadBodyError(
        `the body is not valid JSON but content-type is ${type}: ${(err as Error).message}`,
      );
    }
  }
  if (type === 'text/plain') return raw.toString('utf8');
  if (type === 'application/x-www-form-urlencoded')
    return queryObject(new URLSearchParams(raw.toString('utf8')));
  return raw;
}
