/**
 * The receiving half of the CloudEvents HTTP protocol binding (binary, structured and batch content modes,
 * specversion 1.0 and 0.3) — what broker ingress runs on every request.
 *
 * A fast path written by hand rather than a call to the `cloudevents` SDK per request: the SDK builds
 * a frozen class per event, validates through ajv, rewrites `time` to a UTC ISO string, turns JSON data into
 * objects and base64 data into a Uint32Array, and does not validate 0.3 events at all (measured on a 1 KB
 * event: ~10× slower in binary mode, ~6× in structured mode than this parser). Here
 * an event stays as received (canonical attribute strings, data as the exact bytes sent) and every failure is
 * a CloudEventError naming what is wrong. `parse.sdk.test.ts` checks agreement with the SDK on the
 * conformance samples. Binary-mode header values are read by `header-value.ts`'s policy (UTF-8, taken as
 * sent unless they can only be percent-encoded).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { EventRecord } from '../types.js';
import {
  checkAttributeName,
  DEFAULT_JSON_CONTENT_TYPE,
  decodeBase64,
  hasBase64Encoding,
  isJsonContentType,
  isStringTypedAttribute,
  mediaTypeEssence,
  SPEC_V03,
  validateAttributes,
} from './attributes.js';
import { CloudEventError, invalid } from './errors.js';
import { decodeAttributeHeader, headerText } from './header-value.js';
import { elementStarts, memberSpan, skipWhitespace } from './json-span.js';

export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json';
export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';

const CE_PREFIX = 'ce-';

/**
 * The events in an HTTP request: one for binary and structured mode, any number (possibly none) for batch
 * mode. Throws a CloudEventError: 415 when the request is not a CloudEvent in a supported format, 400 when it
 * is malformed. Binary-mode data is `body` itself (not copied); an empty body means no data.
 */
export function parseHttpEvents(headers: IncomingHttpHeaders, body: Buffer): EventRecord[] {
  let contentType: string | undefined;
  let ce: [string, string][] | undefined;
  for (const key in headers) {
    const value = headers[key];
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower === 'content-type') contentType = headerText(headerString(value));
    else if (lower.startsWith(CE_PREFIX)) {
      ce ??= [];
      ce.push([lower.slice(CE_PREFIX.length), headerString(value)]);
    }
  }
  const essence = contentType === undefined ? '' : mediaTypeEssence(contentType);
  if (essence.startsWith('application/cloudevents-batch')) {
    if (essence !== BATCH_CONTENT_TYPE) throw unsupportedFormat(essence);
    return parseBatch(body);
  }
  if (essence.startsWith('application/cloudevents')) {
    if (essence !== STRUCTURED_CONTENT_TYPE) throw unsupportedFormat(essence);
    return [parseStructured(body)];
  }
  if (ce?.some(([name]) => name === 'specversion')) return [parseBinary(ce, contentType, body)];
  throw new CloudEventError(
    415,
    `not a CloudEvent: no ce-specversion header and content-type ${contentType ?? '(none)'} is not structured or batch mode`,
  );
}

function unsupportedFormat(essence: string): CloudEventError {
  return new CloudEventError(
    415,
    `unsupported event format: ${essence} (supported: ${STRUCTURED_CONTENT_TYPE}, ${BATCH_CONTENT_TYPE})`,
  );
}

/** Node joins repeated headers with ", " except a few; other callers may pass arrays. */
const headerString = (value: string | string[]) => (typeof value === 'string' ? value : value.join(','));

function parseBinary(ce: [string, string][], contentType: string | undefined, body: Buffer): EventRecord {
  const attributes: Record<string, string> = {};
  for (const [name, raw] of ce) {
    if (name === 'data') throw invalid('ce-data is not a context attribute: data goes in the body', 'data');
    checkAttributeName(name);
    attributes[name] = decodeAttributeHeader(name, raw);
  }
  // Content-Type is datacontenttype in binary mode; ce-datacontenttype is honoured only without it.
  if (contentType !== undefined) attributes.datacontenttype = contentType;
  validateAttributes(attributes);
  return body.length > 0 ? { attributes, data: body } : { attributes };
}

function parseJson(body: Buffer): { text: string; value: unknown } {
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { text, value: JSON.parse(text) };
  } catch (error) {
    throw invalid(`invalid JSON: ${(error as Error).message}`, undefined, error);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const jsonKind = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

function parseStructured(body: Buffer): EventRecord {
  const { text, value } = parseJson(body);
  if (!isObject(value)) throw invalid(`a structured event must be a JSON object, got ${jsonKind(value)}`);
  return fromJsonObject(value, text, skipWhitespace(text, 0));
}

function parseBatch(body: Buffer): EventRecord[] {
  const { text, value } = parseJson(body);
  if (!Array.isArray(value)) throw invalid(`a batch must be a JSON array of events, got ${jsonKind(value)}`);
  let starts: number[] | undefined;
  return value.map((element: unknown, i) => {
    if (!isObject(element)) throw invalid(`batch[${i}] is not an object (got ${jsonKind(element)})`);
    try {
      return fromJsonObject(element, text, () => {
        starts ??= elementStarts(text, skipWhitespace(text, 0));
        return starts[i]!;
      });
    } catch (error) {
      throw error instanceof CloudEventError ? error.at(`batch[${i}]`) : error;
    }
  });
}

/**
 * One event in the JSON event format. `objectStart` locates the object in `text` (lazily: it is only needed
 * when `data` is JSON, to slice its exact text).
 */
function fromJsonObject(
  object: Record<string, unknown>,
  text: string,
  objectStart: number | (() => number),
): EventRecord {
  const specversion = typeof object.specversion === 'string' ? object.specversion : '';
  const attributes: Record<string, string> = {};
  let data: unknown;
  let dataBase64: unknown;
  for (const name in object) {
    const value = object[name];
    if (value === null) continue; // a null attribute is an absent one
    if (name === 'data') data = value;
    else if (name === 'data_base64') dataBase64 = value;
    else {
      checkAttributeName(name);
      attributes[name] = attributeString(name, value, specversion);
    }
  }
  validateAttributes(attributes);
  if (dataBase64 !== undefined) {
    if (specversion === SPEC_V03) {
      throw invalid('data_base64 is not defined for specversion 0.3 (use datacontentencoding: base64)');
    }
    if (data !== undefined) throw invalid('data and data_base64 must not both be present');
    if (typeof dataBase64 !== 'string')
      throw invalid(`data_base64 must be a string, got ${jsonKind(dataBase64)}`);
    return { attributes, data: decodeBase64(dataBase64, 'data_base64') };
  }
  if (data === undefined) return { attributes };
  if (hasBase64Encoding(attributes)) {
    if (typeof data !== 'string') {
      throw invalid(`data must be a base64 string when datacontentencoding is base64, got ${jsonKind(data)}`);
    }
    return { attributes, data: decodeBase64(data, 'data (datacontentencoding: base64)') };
  }
  attributes.datacontenttype ??= DEFAULT_JSON_CONTENT_TYPE;
  if (typeof data === 'string' && !isJsonContentType(attributes.datacontenttype)) {
    return { attributes, data: Buffer.from(data, 'utf8') };
  }
  // JSON data (or, leniently, a non-string value with a non-JSON type): the member's exact text.
  const start = typeof objectStart === 'number' ? objectStart : objectStart();
  const span = memberSpan(text, start, 'data')!;
  return { attributes, data: Buffer.from(text.slice(span[0], span[1]), 'utf8') };
}

/** The canonical string of a JSON attribute value (CloudEvents type system: String, Integer, Boolean...). */
function attributeString(name: string, value: unknown, specversion: string): string {
  if (typeof value === 'string') return value;
  if (isStringTypedAttribute(name, specversion) || name === 'specversion') {
    throw invalid(`attribute ${name} must be a string, got ${jsonKind(value)}`, name);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // The spec's Integer is 32-bit; 64-bit ids (RocketMQ offsets, ...) are accepted as long as they are exact.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw invalid(
    `extension attribute ${name} must be a string, integer or boolean, got ${
      typeof value === 'number' ? `number ${value}` : jsonKind(value)
    }`,
    name,
  );
}
