/**
 * The CloudEvents context attributes of specversion 1.0 and 0.3 and their validation. Attributes arrive as
 * their canonical strings (an EventRecord's form); validation never rewrites them — a 0.3 event stays 0.3
 * and keeps `schemaurl` and `datacontentencoding` as received.
 */
import { invalid } from './errors.js';

export const SPEC_V1 = '1.0';
export const SPEC_V03 = '0.3';
export const SPEC_VERSIONS: readonly string[] = [SPEC_V1, SPEC_V03];

/** Required in both versions, in the order they are checked. */
const REQUIRED = ['id', 'source', 'specversion', 'type'] as const;

/** The JSON content type a structured event's `data` implies when `datacontenttype` is absent. */
export const DEFAULT_JSON_CONTENT_TYPE = 'application/json';

/** Attributes whose JSON form must be a string (everything else is an extension). */
export function isStringTypedAttribute(name: string, specversion: string): boolean {
  switch (name) {
    case 'id':
    case 'source':
    case 'specversion':
    case 'type':
    case 'datacontenttype':
    case 'subject':
    case 'time':
      return true;
    case 'dataschema':
      return specversion === SPEC_V1;
    case 'schemaurl':
    case 'datacontentencoding':
      return specversion === SPEC_V03;
    default:
      return false;
  }
}

const NAME = /^[a-z0-9]+$/;

/** Attribute names are lower-case ASCII letters and digits (the 20-character limit is a SHOULD: not enforced). */
export function checkAttributeName(name: string): void {
  if (!NAME.test(name)) {
    throw invalid(
      `invalid attribute name: ${JSON.stringify(name)} (must consist of lower-case letters a-z and digits 0-9)`,
      name,
    );
  }
}

/** Validates a complete attribute set per its specversion; throws a 400 CloudEventError naming the fault. */
export function validateAttributes(attributes: Record<string, string>): void {
  const specversion = attributes.specversion;
  if (specversion === undefined) throw invalid('missing required attribute: specversion', 'specversion');
  if (!SPEC_VERSIONS.includes(specversion)) {
    throw invalid(`unsupported specversion: ${specversion} (supported: 1.0, 0.3)`, 'specversion');
  }
  for (const name of REQUIRED) {
    const value = attributes[name];
    if (value === undefined) throw invalid(`missing required attribute: ${name}`, name);
    if (value === '') throw invalid(`attribute ${name} must not be empty`, name);
  }
  checkUriReference('source', attributes.source!);
  const { time, subject, datacontenttype } = attributes;
  if (time !== undefined && !isRfc3339(time)) {
    throw invalid(`attribute time is not an RFC 3339 timestamp: ${JSON.stringify(time)}`, 'time');
  }
  if (subject === '') throw invalid('attribute subject must not be empty', 'subject');
  if (datacontenttype !== undefined && !MEDIA_TYPE.test(datacontenttype)) {
    throw invalid(
      `attribute datacontenttype is not a media type (RFC 2046): ${JSON.stringify(datacontenttype)}`,
      'datacontenttype',
    );
  }
  if (specversion === SPEC_V1) {
    if (attributes.dataschema !== undefined) checkUriReference('dataschema', attributes.dataschema);
  } else {
    if (attributes.schemaurl !== undefined) checkUriReference('schemaurl', attributes.schemaurl);
    const encoding = attributes.datacontentencoding;
    if (encoding !== undefined && encoding.toLowerCase() !== 'base64') {
      throw invalid(
        `unsupported datacontentencoding: ${JSON.stringify(encoding)} (only base64 is supported)`,
        'datacontentencoding',
      );
    }
  }
}

/** A 0.3 event whose structured `data` is a base64 string (RFC 2045 encodings are case-insensitive). */
export function hasBase64Encoding(attributes: Record<string, string>): boolean {
  const encoding = attributes.datacontentencoding;
  return attributes.specversion === SPEC_V03 && encoding !== undefined && encoding.toLowerCase() === 'base64';
}

/** `type/subtype` with optional parameters; the essence is checked, parameters are kept as sent. */
const MEDIA_TYPE = /^\s*[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+*-]+\s*(;.*)?$/s;

/** Whether `value` is a media type (RFC 2046), as datacontenttype must be. */
export function isMediaType(value: string): boolean {
  return MEDIA_TYPE.test(value);
}

/** The lower-cased `type/subtype` of a Content-Type value, without parameters. */
export function mediaTypeEssence(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** application/json, text/json and any `+json` suffix type carry JSON data. */
export function isJsonContentType(contentType: string): boolean {
  const essence = mediaTypeEssence(contentType);
  return essence === 'application/json' || essence === 'text/json' || essence.endsWith('+json');
}

/** RFC 3986 URI-reference characters: unreserved, reserved and percent-encoded octets (ASCII only). */
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

function checkUriReference(name: string, value: string): void {
  if (value === '') throw invalid(`attribute ${name} must not be empty`, name);
  let bad = !URI_REFERENCE.test(value);
  if (!bad) {
    // A colon before the first "/", "?" or "#" ends a scheme, which must then be well formed.
    const end = value.search(/[/?#]/);
    const head = end === -1 ? value : value.slice(0, end);
    const colon = head.indexOf(':');
    bad = colon !== -1 && !SCHEME.test(head.slice(0, colon));
  }
  if (bad)
    throw invalid(`attribute ${name} is not a URI-reference (RFC 3986): ${JSON.stringify(value)}`, name);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** RFC 3339 `date-time`, with calendar ranges checked (a leap second :60 is allowed). */
export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > days) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard padded base64 (RFC 4648 §4); throws a 400 naming `what` and the first bad character. */
export function decodeBase64(value: string, what: string, attribute?: string): Buffer {
  if (value.length % 4 !== 0 || !BASE64.test(value)) {
    const at = value.search(/[^A-Za-z0-9+/=]/);
    const detail =
      at !== -1
        ? `unexpected character ${JSON.stringify(value[at])} at index ${at}`
        : value.length % 4 !== 0
          ? `length ${value.length} is not a multiple of 4`
          : 'misplaced padding';
    throw invalid(`${what} is not valid base64: ${detail}`, attribute);
  }
  return Buffer.from(value, 'base64');
}
