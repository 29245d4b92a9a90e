/**
 * How attribute values travel in binary-mode `ce-` headers — the policy that lets events round-trip
 * through the SDKs people run (README, "CloudEvents header values"):
 *
 * - Reading: header bytes are UTF-8 (what the Go SDK, and so Knative, sends); bytes that are not UTF-8 are
 *   Latin-1 (what Node's http and undici, Python's http.client and Java's HttpClient write for a string,
 *   RFC 9110 §5.5's historical charset). A value is then taken as sent, as Knative's broker takes it, unless
 *   it can only be a §3.1.3.2 percent-encoding: ASCII, every `%` starting an escape, and one escape of a
 *   character that cannot travel raw (a control character, or a space or tab at either end). Only such a
 *   value is percent-decoded, and its escapes must then decode to UTF-8 (§3.1.3.2's MUST; else a 400).
 * - Writing: a value goes as its UTF-8 bytes, as Knative's broker writes it, unless it holds what cannot
 *   travel raw (control characters, a space or tab at either end); then the whole value is
 *   percent-encoded per §3.1.3.2, which the reading rule above (and every decoding SDK) reads back.
 *
 * Node hands header values over as Latin-1 strings (one char per byte) and undici writes header strings as
 * Latin-1, so the wire side of these functions is such a byte string.
 */
import { isUtf8 } from 'node:buffer';
import { invalid } from './errors.js';

const ASCII = /^[^\x80-\uffff]*$/;
/** Printable ASCII and spaces: all a §3.1.3.2 encoding may hold (older encoders left spaces raw). */
const RAW_ASCII = /^[\x20-\x7e]*$/;

/** A header value as Node gives it (a byte string) → its text: UTF-8 if it is UTF-8, else Latin-1. */
export function headerText(raw: string): string {
  if (ASCII.test(raw)) return raw;
  for (let i = 0; i < raw.length; i++) {
    // Not a byte string: a caller passed text (in-process); take it as it is.
    if (raw.charCodeAt(i) > 0xff) return raw;
  }
  const bytes = Buffer.from(raw, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : raw;
}

/** Text → the byte string that puts its UTF-8 bytes on the wire through undici or Node's http. */
export function toByteString(text: string): string {
  return ASCII.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

const hex = (c: number) =>
  c >= 0x30 && c <= 0x39
    ? c - 0x30
    : c >= 0x41 && c <= 0x46
      ? c - 0x37
      : c >= 0x61 && c <= 0x66
        ? c - 0x57
        : -1;

/**
 * True when `text` can only be a §3.1.3.2 encoding: printable ASCII, every `%` starts an escape, and some
 * escape is of a control character (anywhere) or of a space or tab at either end — which no sender
 * writing values as is (the Go, JavaScript and Java SDKs) can have sent.
 */
export function mustBePercentEncoded(text: string): boolean {
  if (!RAW_ASCII.test(text)) return false;
  let needed = false;
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) {
    const hi = hex(text.charCodeAt(i + 1));
    const lo = hex(text.charCodeAt(i + 2));
    if (hi < 0 || lo < 0) return false;
    const byte = hi * 16 + lo;
    if (byte < 0x20 || byte === 0x7f) needed = true;
    else if ((byte === 0x20 || byte === 0x09) && (i === 0 || i + 3 === text.length)) needed = true;
  }
  return needed;
}

/** A `ce-{name}` header value (a byte string) → the attribute value, per the reading rule above. */
export function decodeAttributeHeader(name: string, raw: string): string {
  const text = headerText(raw);
  return text.includes('%') && mustBePercentEncoded(text) ? percentDecode(name, text) : text;
}

function percentDecode(name: string, text: string): string {
  const bytes: number[] = [];
  /** Where each byte came from in `text`, to name the escape at fault. */
  const from: number[] = [];
  for (let i = 0; i < text.length; i++) {
    from.push(i);
    if (text.charCodeAt(i) === 0x25) {
      bytes.push(hex(text.charCodeAt(i + 1)) * 16 + hex(text.charCodeAt(i + 2)));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  const buffer = Buffer.from(bytes);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  const at = from[firstInvalidUtf8(buffer)]!;
  throw invalid(
    `header ce-${name}: ${text.slice(at, at + 3)} at offset ${at} does not decode to UTF-8 (percent-escapes are UTF-8 bytes)`,
    name,
  );
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

/** An attribute value → its `ce-` header value (a byte string), per the writing rule above. */
export function encodeAttributeHeader(value: string): string {
  if (cannotTravelRaw(value)) return percentEncode(value);
  return toByteString(value);
}

/** Control characters anywhere, or a space or tab at either end (which HTTP parsers strip). */
function cannotTravelRaw(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return /^[ \t]|[ \t]$/.test(value);
}

/** Printable ASCII except space, '"' and '%' travels as is (HTTP binding §3.1.3.2). */
const NEEDS_ENCODING = /[^\x21\x23\x24\x26-\x7e]/;

/** The HTTP binding's percent-encoding (§3.1.3.2) of a whole value, over its UTF-8 bytes. */
export function percentEncode(value: string): string {
  if (!NEEDS_ENCODING.test(value)) return value;
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out +=
      byte >= 0x21 && byte <= 0x7e && byte !== 0x22 && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
