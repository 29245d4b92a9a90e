/**
 * The sending half of the CloudEvents HTTP binding: an EventRecord as binary-mode headers and body (how
 * dispatchers deliver to subscribers) or as a structured JSON event (`application/cloudevents+json`).
 * Attributes are written as they are held — a 0.3 event is written in 0.3's shape, never upgraded — and
 * data keeps its exact bytes through `parseHttpEvents` (see `toStructuredJson` for how).
 */
import { isUtf8 } from 'node:buffer';
import type { EventRecord } from '../types.js';
import { hasBase64Encoding, isJsonContentType, SPEC_V03 } from './attributes.js';
import { encodeAttributeHeader, toByteString } from './header-value.js';
import { BATCH_CONTENT_TYPE, STRUCTURED_CONTENT_TYPE } from './parse.js';

export { percentEncode } from './header-value.js';

export interface HttpMessage {
  /** Header values are byte strings (one char per byte, as undici and Node's http write them). */
  headers: Record<string, string>;
  body: Buffer | undefined;
}

/**
 * Binary content mode: each attribute as a `ce-` header — its UTF-8 bytes as Knative's broker writes them,
 * percent-encoded only when it holds what cannot travel raw (`header-value.ts`) — datacontenttype as
 * Content-Type, data as the body.
 */
export function toBinaryHttp(event: EventRecord): HttpMessage {
  const headers: Record<string, string> = {};
  const attributes = event.attributes;
  for (const name in attributes) {
    const value = attributes[name]!;
    if (name === 'datacontenttype') headers['content-type'] = toByteString(value);
    else headers[`ce-${name}`] = encodeAttributeHeader(value);
  }
  return { headers, body: event.data };
}

/**
 * Structured content mode: the event in the JSON event format. Data is embedded as JSON when the event
 * declares a JSON datacontenttype and its bytes are that JSON exactly (valid UTF-8, valid JSON, no
 * surrounding whitespace, which a parser could not give back); otherwise it goes as `data_base64` (1.0). A
 * 0.3 event uses 0.3's shape: `data` as a base64 string when datacontentencoding is base64, else as JSON or
 * a string (non-JSON text); any other 0.3 data (bytes, JSON with surrounding whitespace, no datacontenttype)
 * gets `datacontentencoding: base64` added — the only way 0.3 can carry it exactly.
 */
export function toStructuredJson(event: EventRecord): string {
  const attributes = event.attributes;
  const data = event.data;
  let dataMember = '';
  let extra = '';
  if (data !== undefined) {
    const contentType = attributes.datacontenttype;
    const json =
      contentType !== undefined && isJsonContentType(contentType) ? exactJsonText(data) : undefined;
    if (attributes.specversion !== SPEC_V03) {
      dataMember = json !== undefined ? `"data":${json}` : `"data_base64":"${data.toString('base64')}"`;
    } else if (hasBase64Encoding(attributes)) {
      dataMember = `"data":"${data.toString('base64')}"`;
    } else if (json !== undefined) {
      dataMember = `"data":${json}`;
    } else if (contentType !== undefined && !isJsonContentType(contentType) && isUtf8(data)) {
      dataMember = `"data":${JSON.stringify(data.toString('utf8'))}`;
    } else {
      extra = ',"datacontentencoding":"base64"';
      dataMember = `"data":"${data.toString('base64')}"`;
    }
  }
  let out = '{';
  for (const name in attributes) {
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(name)}:${JSON.stringify(attributes[name])}`;
  }
  out += extra;
  if (dataMember !== '') out += (out.length > 1 ? ',' : '') + dataMember;
  return `${out}}`;
}

/** The data as JSON text when embedding it keeps its bytes exactly; undefined when it would not. */
function exactJsonText(data: Buffer): string | undefined {
  if (data.length === 0 || !isUtf8(data)) return undefined;
  const text = data.toString('utf8');
  if (/^\s|\s$/.test(text)) return undefined;
  try {
    JSON.parse(text);
    return text;
  } catch {
    return undefined;
  }
}

/** Structured mode as an HTTP message. */
export function toStructuredHttp(event: EventRecord): HttpMessage {
  return {
    headers: { 'content-type': `${STRUCTURED_CONTENT_TYPE}; charset=utf-8` },
    body: Buffer.from(toStructuredJson(event), 'utf8'),
  };
}

/** Batch mode: a JSON array of structured events. */
export function toBatchHttp(events: readonly EventRecord[]): HttpMessage {
  return {
    headers: { 'content-type': `${BATCH_CONTENT_TYPE}; charset=utf-8` },
    body: Buffer.from(`[${events.map(toStructuredJson).join(',')}]`, 'utf8'),
  };
}
