import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventRecord } from '../types.js';
import { parseHttpEvents } from './parse.js';
import { percentEncode, toBatchHttp, toBinaryHttp, toStructuredHttp, toStructuredJson } from './write.js';

const base = { specversion: '1.0', id: 'id-1', source: 'urn:ebb:test', type: 'com.example.t' };
const text = (s: string) => Buffer.from(s, 'utf8');

/** Events that must survive binary, structured and batch round trips unchanged. */
const EVENTS: [string, EventRecord][] = [
  ['no data', { attributes: { ...base } }],
  [
    'JSON data',
    { attributes: { ...base, datacontenttype: 'application/json' }, data: text('{"a":[1,2,{"b":null}]}') },
  ],
  [
    'JSON data with a trailing newline',
    { attributes: { ...base, datacontenttype: 'application/json' }, data: text('{"a":1}\n') },
  ],
  [
    'JSON with a 64-bit integer',
    {
      attributes: { ...base, datacontenttype: 'application/json' },
      data: text('{"n":12345678901234567891}'),
    },
  ],
  [
    '+json type',
    { attributes: { ...base, datacontenttype: 'application/vnd.x+json; charset=utf-8' }, data: text('"s"') },
  ],
  [
    'invalid JSON declared as JSON',
    { attributes: { ...base, datacontenttype: 'application/json' }, data: text('{nope') },
  ],
  [
    'text',
    { attributes: { ...base, datacontenttype: 'text/plain; charset=utf-8' }, data: text('Hello, 🌎!\n') },
  ],
  ['bytes without a type', { attributes: { ...base }, data: Buffer.from([0, 1, 254, 255]) }],
  [
    'bytes that are not UTF-8',
    { attributes: { ...base, datacontenttype: 'application/json' }, data: Buffer.from([0x7b, 0xff, 0x7d]) },
  ],
  [
    'every optional attribute and awkward extension values',
    {
      attributes: {
        ...base,
        subject: 'café "quoted" 100% ok',
        time: '2018-04-05T03:56:24.123+02:00',
        dataschema: 'https://example.com/schema?v=1#x',
        comexampleextension2: '{"othervalue": 5}\n',
        unicode: '日本語 \t tab',
        empty: '',
        partitionkey: 'user-42',
      },
      data: text('x'),
    },
  ],
  ['0.3 without data', { attributes: { ...base, specversion: '0.3', schemaurl: '/schema' } }],
  [
    '0.3 JSON',
    { attributes: { ...base, specversion: '0.3', datacontenttype: 'application/json' }, data: text('[1]') },
  ],
  [
    '0.3 text',
    { attributes: { ...base, specversion: '0.3', datacontenttype: 'text/plain' }, data: text('héllo') },
  ],
  [
    '0.3 base64',
    {
      attributes: {
        ...base,
        specversion: '0.3',
        datacontenttype: 'image/png',
        datacontentencoding: 'base64',
      },
      data: Buffer.from([137, 80, 78, 71]),
    },
  ],
];

const parseOne = (headers: Record<string, string>, body: Buffer | undefined) => {
  const events = parseHttpEvents(headers, body ?? Buffer.alloc(0));
  assert.equal(events.length, 1);
  return events[0]!;
};

for (const [name, event] of EVENTS) {
  test(`cloudevents write - binary round trip: ${name}`, () => {
    const { headers, body } = toBinaryHttp(event);
    for (const [key, value] of Object.entries(headers)) {
      // A field value (RFC 9110 §5.5) as a byte string: no control characters, no space or tab at the ends.
      assert.match(
        value,
        /^(?:[\x21-\x7e\x80-\xff](?:[\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/,
        `${key} is a valid header`,
      );
    }
    assert.deepEqual(parseOne(headers, body), event);
  });

  test(`cloudevents write - structured round trip: ${name}`, () => {
    const { headers, body } = toStructuredHttp(event);
    assert.equal(headers['content-type'], 'application/cloudevents+json; charset=utf-8');
    assert.deepEqual(parseOne(headers, body), event);
  });
}

test('cloudevents write - batch round trip keeps every event', () => {
  const events = EVENTS.map(([, e]) => e);
  const { headers, body } = toBatchHttp(events);
  assert.deepEqual(parseHttpEvents(headers, body!), events);
});

test('cloudevents write - structured JSON embeds exact JSON data and base64 otherwise', () => {
  const json = toStructuredJson({
    attributes: { ...base, datacontenttype: 'application/json' },
    data: text('{"a":1}'),
  });
  assert.equal(
    json,
    '{"specversion":"1.0","id":"id-1","source":"urn:ebb:test","type":"com.example.t","datacontenttype":"application/json","data":{"a":1}}',
  );
  const bytes = JSON.parse(
    toStructuredJson({ attributes: { ...base, datacontenttype: 'text/plain' }, data: text('hi') }),
  );
  assert.equal(bytes.data_base64, 'aGk=');
  assert.equal(bytes.data, undefined);
  const v03 = JSON.parse(
    toStructuredJson({
      attributes: { ...base, specversion: '0.3', datacontenttype: 'text/plain' },
      data: text('hi'),
    }),
  );
  assert.equal(v03.data, 'hi');
  assert.equal(v03.data_base64, undefined);
});

test('cloudevents write - 0.3 bytes that 0.3 can only carry as base64 gain datacontentencoding', () => {
  const event = { attributes: { ...base, specversion: '0.3' }, data: Buffer.from([0xff, 0]) };
  const parsed = parseOne(toStructuredHttp(event).headers, toStructuredHttp(event).body);
  assert.deepEqual(parsed.data, event.data);
  assert.equal(parsed.attributes.datacontentencoding, 'base64');
  assert.equal(parsed.attributes.specversion, '0.3');
});

test('cloudevents write - binary mode omits content-type without datacontenttype', () => {
  const { headers, body } = toBinaryHttp({ attributes: { ...base }, data: text('x') });
  assert.deepEqual(headers, {
    'ce-specversion': '1.0',
    'ce-id': 'id-1',
    'ce-source': 'urn:ebb:test',
    'ce-type': 'com.example.t',
  });
  assert.equal(body!.toString(), 'x');
});

test('cloudevents write - percentEncode (§3.1.3.2) encodes space, quote, percent and non-ASCII only', () => {
  assert.equal(percentEncode('plain-value_1.2~!#$&()*+,/:;<=>?@[]'), 'plain-value_1.2~!#$&()*+,/:;<=>?@[]');
  assert.equal(percentEncode('a b"c%d'), 'a%20b%22c%25d');
  assert.equal(percentEncode('é\n'), '%C3%A9%0A');
});

test('cloudevents write - seeded random events round trip through every mode', () => {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const pick = <T>(items: readonly T[]) => items[next() % items.length]!;
  // No text such as `%0a` or an edge `%20`: a value holding that reads as percent-encoded (header-value.ts).
  const alphabet = ['a', 'Z', ' ', '"', '%', '%41', 'é', '🌎', '\n', '\\', '{', '}', ',', 'ü', '7'];
  const str = (n: number) => Array.from({ length: next() % n }, () => pick(alphabet)).join('');
  const types = [
    undefined,
    'application/json',
    'text/plain',
    'application/octet-stream',
    'application/x+json',
  ];
  const payloads = [
    () => undefined,
    () => Buffer.from(Array.from({ length: next() % 64 }, () => next() % 256)),
    () => text(JSON.stringify({ k: str(12), n: next() })),
    () => text(str(20)),
  ];
  for (let i = 0; i < 300; i++) {
    const specversion = pick(['1.0', '0.3']);
    const attributes: Record<string, string> = { ...base, specversion, id: `id-${str(8)}`, ext: str(16) };
    const type = pick(types);
    if (type !== undefined) attributes.datacontenttype = type;
    if (specversion === '0.3' && next() % 3 === 0) attributes.datacontentencoding = 'base64';
    const data = pick(payloads)();
    const event: EventRecord = data === undefined ? { attributes } : { attributes, data };
    const binary = toBinaryHttp(event);
    const expectedBinary = data !== undefined && data.length === 0 ? { attributes } : event;
    assert.deepEqual(parseOne(binary.headers, binary.body), expectedBinary, `binary #${i}`);
    const structured = toStructuredHttp(event);
    const parsed = parseOne(structured.headers, structured.body);
    assert.deepEqual(parsed.data, event.data, `structured data #${i}`);
    const { datacontentencoding, ...rest } = parsed.attributes;
    const { datacontentencoding: sent, ...expected } = attributes;
    assert.deepEqual(rest, expected, `structured attributes #${i}`);
    if (sent !== undefined) assert.equal(datacontentencoding, sent);
  }
});
