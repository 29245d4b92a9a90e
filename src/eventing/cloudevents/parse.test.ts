import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHttpEvents } from './parse.js';

const binaryHeaders = (extra: Record<string, string> = {}) => ({
  'ce-specversion': '1.0',
  'ce-id': 'A234-1234-1234',
  'ce-source': 'https://github.com/cloudevents/spec/pull',
  'ce-type': 'com.github.pull_request.opened',
  ...extra,
});

const structured = (event: Record<string, unknown>) => Buffer.from(JSON.stringify(event));
const STRUCTURED = { 'content-type': 'application/cloudevents+json; charset=utf-8' };

test('cloudevents parse - binary mode maps ce- headers, content-type and body', () => {
  const body = Buffer.from('<much wow="xml"/>');
  const [event] = parseHttpEvents(
    binaryHeaders({ 'content-type': 'text/xml', 'ce-time': '2018-04-05T17:31:00Z', 'ce-comexampleext': 'x' }),
    body,
  );
  assert.deepEqual(event!.attributes, {
    specversion: '1.0',
    id: 'A234-1234-1234',
    source: 'https://github.com/cloudevents/spec/pull',
    type: 'com.github.pull_request.opened',
    time: '2018-04-05T17:31:00Z',
    comexampleext: 'x',
    datacontenttype: 'text/xml',
  });
  assert.equal(event!.data, body, 'binary data is the body itself, not a copy');
});

test('cloudevents parse - binary mode header names are case-insensitive; values are UTF-8, taken as sent', () => {
  // Node gives header values as Latin-1 byte strings: this is `café "x" 100% a%20b` sent as UTF-8 bytes.
  const wire = Buffer.from('café "x" 100% a%20b', 'utf8').toString('latin1');
  const [event] = parseHttpEvents(
    { 'CE-SpecVersion': '1.0', 'Ce-Id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-subject': wire },
    Buffer.alloc(0),
  );
  assert.equal(event!.attributes.subject, 'café "x" 100% a%20b');
  assert.equal(event!.attributes.specversion, '1.0');
  assert.equal(event!.data, undefined, 'an empty body is no data');
});

test('cloudevents parse - binary mode percent-decodes a value that can only be percent-encoded', () => {
  const [event] = parseHttpEvents(
    binaryHeaders({
      'ce-subject': 'caf%C3%A9%20%22x%22%0A',
      'ce-padded': '%20x%20',
      'ce-plain': 'caf%C3%A9',
    }),
    Buffer.alloc(0),
  );
  assert.equal(event!.attributes.subject, 'café "x"\n');
  assert.equal(event!.attributes.padded, ' x ');
  assert.equal(event!.attributes.plain, 'caf%C3%A9', 'could have been sent as is, so it is taken as is');
});

test('cloudevents parse - binary mode reads bytes that are not UTF-8 as Latin-1', () => {
  // What Node's http, undici, Python's http.client and Java's HttpClient write for "ünïcode".
  const [event] = parseHttpEvents(binaryHeaders({ 'ce-subject': 'ünïcode' }), Buffer.alloc(0));
  assert.equal(event!.attributes.subject, 'ünïcode');
});

test('cloudevents parse - binary mode prefers content-type over ce-datacontenttype', () => {
  const [a] = parseHttpEvents(binaryHeaders({ 'ce-datacontenttype': 'text/plain' }), Buffer.from('x'));
  assert.equal(a!.attributes.datacontenttype, 'text/plain');
  const [b] = parseHttpEvents(
    binaryHeaders({ 'ce-datacontenttype': 'text/plain', 'content-type': 'application/json' }),
    Buffer.from('1'),
  );
  assert.equal(b!.attributes.datacontenttype, 'application/json');
});

test('cloudevents parse - structured mode keeps JSON data as the exact text sent', () => {
  const text =
    '{"specversion":"1.0","id":"1","source":"/s","type":"t","data": {"n": 12345678901234567890, "s":"\\u00e9"} }';
  const [event] = parseHttpEvents(STRUCTURED, Buffer.from(text));
  assert.equal(event!.data!.toString(), '{"n": 12345678901234567890, "s":"\\u00e9"}');
  assert.equal(event!.attributes.datacontenttype, 'application/json', 'JSON data implies application/json');
});

test('cloudevents parse - structured mode data forms', () => {
  const base = { specversion: '1.0', id: '1', source: '/s', type: 't' };
  const cases: [Record<string, unknown>, string | Buffer | undefined, string | undefined][] = [
    [{ datacontenttype: 'text/plain', data: 'Hello' }, 'Hello', 'text/plain'],
    [{ datacontenttype: 'application/json', data: 'Hello' }, '"Hello"', 'application/json'],
    [{ data: [1, 2] }, '[1,2]', 'application/json'],
    [{ data: false }, 'false', 'application/json'],
    [{ data_base64: Buffer.from([0, 255, 1]).toString('base64') }, Buffer.from([0, 255, 1]), undefined],
    [{ datacontenttype: 'image/png', data_base64: '' }, Buffer.alloc(0), 'image/png'],
    [{ data: null, subject: null }, undefined, undefined],
  ];
  for (const [extra, data, contentType] of cases) {
    const [event] = parseHttpEvents(STRUCTURED, structured({ ...base, ...extra }));
    assert.deepEqual(event!.data, typeof data === 'string' ? Buffer.from(data) : data, JSON.stringify(extra));
    assert.equal(event!.attributes.datacontenttype, contentType, JSON.stringify(extra));
    assert.equal(event!.attributes.subject, undefined);
  }
});

test('cloudevents parse - extension values become their canonical strings', () => {
  const [event] = parseHttpEvents(
    STRUCTURED,
    structured({
      specversion: '1.0',
      id: '1',
      source: '/s',
      type: 't',
      n: 42,
      neg: -7,
      yes: true,
      no: false,
      s: 'x',
    }),
  );
  assert.deepEqual(
    {
      n: event!.attributes.n,
      neg: event!.attributes.neg,
      yes: event!.attributes.yes,
      no: event!.attributes.no,
    },
    { n: '42', neg: '-7', yes: 'true', no: 'false' },
  );
});

test('cloudevents parse - specversion 0.3 stays 0.3 with schemaurl and datacontentencoding', () => {
  const [event] = parseHttpEvents(
    STRUCTURED,
    structured({
      specversion: '0.3',
      id: '1',
      source: '/s',
      type: 't',
      schemaurl: 'https://example.com/schema',
      datacontenttype: 'application/octet-stream',
      datacontentencoding: 'base64',
      data: Buffer.from('hello').toString('base64'),
    }),
  );
  assert.deepEqual(event!.attributes, {
    specversion: '0.3',
    id: '1',
    source: '/s',
    type: 't',
    schemaurl: 'https://example.com/schema',
    datacontenttype: 'application/octet-stream',
    datacontentencoding: 'base64',
  });
  assert.equal(event!.data!.toString(), 'hello');
  const [binary] = parseHttpEvents(
    { 'ce-specversion': '0.3', 'ce-id': '2', 'ce-source': '/s', 'ce-type': 't', 'ce-schemaurl': '/schema' },
    Buffer.from('raw'),
  );
  assert.equal(binary!.attributes.specversion, '0.3');
  assert.equal(binary!.attributes.schemaurl, '/schema');
});

test('cloudevents parse - batch mode returns every event in order', () => {
  const events = parseHttpEvents(
    { 'content-type': 'application/cloudevents-batch+json' },
    Buffer.from(
      JSON.stringify([
        { specversion: '1.0', id: '1', source: '/s', type: 't', data: { a: 1 } },
        { specversion: '0.3', id: '2', source: '/s', type: 't' },
        { specversion: '1.0', id: '3', source: '/s', type: 't', data: { b: [2, { c: '}' }] } },
      ]),
    ),
  );
  assert.deepEqual(
    events.map((e) => [e.attributes.id, e.data?.toString()]),
    [
      ['1', '{"a":1}'],
      ['2', undefined],
      ['3', '{"b":[2,{"c":"}"}]}'],
    ],
  );
  assert.deepEqual(
    parseHttpEvents({ 'content-type': 'application/cloudevents-batch+json' }, Buffer.from('[]')),
    [],
  );
});

test('cloudevents parse - accepts RFC 3339 times with offsets, fractions and leap days', () => {
  for (const time of [
    '2020-02-29T23:59:60.123456Z',
    '1985-04-12T23:20:50.52+01:00',
    '2018-04-05t03:56:24-07:30',
  ]) {
    const [event] = parseHttpEvents(binaryHeaders({ 'ce-time': time }), Buffer.alloc(0));
    assert.equal(event!.attributes.time, time);
  }
});
