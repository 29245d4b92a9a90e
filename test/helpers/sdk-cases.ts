/**
 * The events the SDK interop tests send (in the Go sender's spec format) and how to compare what a
 * subscriber read with what a sender sent: `time` as an instant (SDKs format it differently), Ebb's own
 * `knative*` extensions left out, and the Python core API's percent-decoding modelled where it applies.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Strings that trip header encodings: non-ASCII, spaces, quotes, `%`, and text that looks encoded. */
export const TRICKY = {
  unicode: 'ünïcode',
  wide: '火 🌎',
  space: 'hello world',
  quote: 'say "hi"',
  percent: '100%',
  literal: 'a%20b',
  mixed: 'ü 100% a%20b "q"',
} as const;

export interface Extension {
  name: string;
  type: 'string' | 'int' | 'bool' | 'time' | 'uri';
  value: string;
}

export interface EventSpec {
  specversion: '1.0' | '0.3';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  dataschema?: string;
  datacontenttype?: string;
  data_base64?: string;
  extensions?: Extension[];
}

export const REPLY_REQUEST = 'com.example.interop.reply-request';
export const REPLY_RESPONSE = 'com.example.reply.response';
const TIME = '2020-03-21T12:34:56.789Z';
const LARGE = randomBytes(512 * 1024);

const strings = (names: (keyof typeof TRICKY)[]): Extension[] =>
  names.map((n) => ({ name: `s${n}`, type: 'string', value: TRICKY[n] }));
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The Go SDK's events: every tricky string, typed extensions, a 0.3 event, 512 KiB of data, a reply. */
export function goEvents(prefix: string): EventSpec[] {
  const base = { specversion: '1.0' as const, source: '/sdk/go?q=a%20b', time: TIME };
  return [
    {
      ...base,
      id: `${prefix}-strings`,
      type: 'com.example.interop.strings',
      subject: TRICKY.unicode,
      extensions: strings(['wide', 'space', 'quote', 'percent', 'literal', 'mixed']),
      datacontenttype: 'text/plain; charset=utf-8',
      data_base64: b64('héllo'),
    },
    {
      ...base,
      id: `${prefix}-typed`,
      type: 'com.example.interop.typed',
      dataschema: 'https://example.com/schema%20v1.json',
      extensions: [
        { name: 'intx', type: 'int', value: '42' },
        { name: 'intneg', type: 'int', value: '-7' },
        { name: 'boolx', type: 'bool', value: 'true' },
        { name: 'timex', type: 'time', value: '2021-01-02T03:04:05.678Z' },
        { name: 'urix', type: 'uri', value: 'https://example.com/a%20b?c=d#e' },
      ],
      datacontenttype: 'application/json',
      data_base64: b64('{"typed":true}'),
    },
    {
      ...base,
      specversion: '0.3',
      id: `${prefix}-v03`,
      type: 'com.example.interop.v03',
      subject: TRICKY.mixed,
      extensions: strings(['space']),
    },
    {
      ...base,
      id: `${prefix}-large`,
      type: 'com.example.interop.large',
      datacontenttype: 'application/octet-stream',
      data_base64: LARGE.toString('base64'),
    },
    {
      ...base,
      id: `${prefix}-reply`,
      type: REPLY_REQUEST,
      subject: TRICKY.mixed,
      extensions: strings(['unicode', 'literal']),
    },
  ];
}

/** The Python SDK's events. http.client writes header strings as Latin-1, so no character above U+00FF. */
export function pythonEvents(prefix: string): EventSpec[] {
  const base = { specversion: '1.0' as const, source: '/sdk/python', time: TIME };
  return [
    {
      ...base,
      id: `${prefix}-strings`,
      type: 'com.example.interop.strings',
      subject: TRICKY.unicode,
      extensions: strings(['space', 'quote', 'percent', 'literal', 'mixed']),
      datacontenttype: 'application/json',
      data_base64: b64('{"from":"python"}'),
    },
    {
      ...base,
      specversion: '0.3',
      id: `${prefix}-v03`,
      type: 'com.example.interop.v03',
      subject: TRICKY.mixed,
    },
  ];
}

export const sha256 = (base64: string | undefined) =>
  createHash('sha256')
    .update(Buffer.from(base64 ?? '', 'base64'))
    .digest('hex');

/** Attributes to compare: no `knative*` extensions (Ebb's ingress adds them), `time` as epoch ms. */
export function comparable(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (k.startsWith('knative')) continue;
    out[k] = k === 'time' ? String(Date.parse(v)) : v;
  }
  return out;
}

/** Python's urllib.parse.unquote: every run of %XX escapes decoded as UTF-8, anything else kept. */
export const pythonUnquote = (value: string): string =>
  value.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));

/** `attributes` as the Python core API reads them from headers that carried them as is. */
export const coreReading = (attributes: Record<string, string>) =>
  Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, pythonUnquote(v)]));
