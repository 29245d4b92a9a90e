import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import { CloudEventError } from './errors.js';
import { parseHttpEvents } from './parse.js';

const STRUCTURED = { 'content-type': 'application/cloudevents+json' };
const BATCH = { 'content-type': 'application/cloudevents-batch+json' };
const V1 = { specversion: '1.0', id: '1', source: '/s', type: 't' };
const binary = (extra: Record<string, string> = {}) => ({
  'ce-specversion': '1.0',
  'ce-id': '1',
  'ce-source': '/s',
  'ce-type': 't',
  ...extra,
});
const json = (value: unknown) => JSON.stringify(value);
const without = (name: keyof typeof V1) => Object.fromEntries(Object.entries(V1).filter(([k]) => k !== name));

/** [name, headers, body, status, reason (exact string or pattern)] */
const CASES: [string, IncomingHttpHeaders, string, 400 | 415, string | RegExp][] = [
  [
    'binary without ce-id',
    { 'ce-specversion': '1.0', 'ce-source': '/s', 'ce-type': 't' },
    '',
    400,
    'missing required attribute: id',
  ],
  [
    'unknown specversion',
    binary({ 'ce-specversion': '2.0' }),
    '',
    400,
    'unsupported specversion: 2.0 (supported: 1.0, 0.3)',
  ],
  [
    'structured without source',
    STRUCTURED,
    json(without('source')),
    400,
    'missing required attribute: source',
  ],
  [
    'structured without specversion',
    STRUCTURED,
    json(without('specversion')),
    400,
    'missing required attribute: specversion',
  ],
  ['invalid JSON', STRUCTURED, '{"specversion": "1.0",', 400, /^invalid JSON: /],
  [
    'neither binary nor structured',
    { 'content-type': 'text/plain' },
    'hello',
    415,
    'not a CloudEvent: no ce-specversion header and content-type text/plain is not structured or batch mode',
  ],
  [
    'no content-type and no ce- headers',
    {},
    '',
    415,
    'not a CloudEvent: no ce-specversion header and content-type (none) is not structured or batch mode',
  ],
  [
    'structured in an unsupported format',
    { 'content-type': 'application/cloudevents+avro' },
    '',
    415,
    /^unsupported event format: application\/cloudevents\+avro/,
  ],
  [
    'time that is not RFC 3339',
    binary({ 'ce-time': 'yesterday' }),
    '',
    400,
    'attribute time is not an RFC 3339 timestamp: "yesterday"',
  ],
  [
    'time on a day that does not exist',
    binary({ 'ce-time': '2023-02-29T00:00:00Z' }),
    '',
    400,
    /attribute time is not an RFC 3339 timestamp/,
  ],
  ['empty type', STRUCTURED, json({ ...V1, type: '' }), 400, 'attribute type must not be empty'],
  ['empty id header', binary({ 'ce-id': '' }), '', 400, 'attribute id must not be empty'],
  ['empty subject', STRUCTURED, json({ ...V1, subject: '' }), 400, 'attribute subject must not be empty'],
  [
    'upper-case extension name',
    STRUCTURED,
    json({ ...V1, myExtension: 'x' }),
    400,
    /^invalid attribute name: "myExtension" \(must consist of lower-case letters a-z and digits 0-9\)$/,
  ],
  ['extension name with a dash', binary({ 'ce-my-ext': 'x' }), '', 400, /^invalid attribute name: "my-ext"/],
  ['ce-data header', binary({ 'ce-data': 'x' }), '', 400, /^ce-data is not a context attribute/],
  [
    'batch element that is not an object',
    BATCH,
    json([V1, 'oops']),
    400,
    'batch[1] is not an object (got string)',
  ],
  [
    'batch element without id',
    BATCH,
    json([V1, without('id')]),
    400,
    'batch[1]: missing required attribute: id',
  ],
  ['batch that is not an array', BATCH, json(V1), 400, 'a batch must be a JSON array of events, got object'],
  [
    'structured event that is an array',
    STRUCTURED,
    json([V1]),
    400,
    'a structured event must be a JSON object, got array',
  ],
  [
    'invalid data_base64',
    STRUCTURED,
    json({ ...V1, data_base64: 'aGVs!G8=' }),
    400,
    'data_base64 is not valid base64: unexpected character "!" at index 4',
  ],
  [
    'data_base64 of the wrong length',
    STRUCTURED,
    json({ ...V1, data_base64: 'aGVsbG8' }),
    400,
    'data_base64 is not valid base64: length 7 is not a multiple of 4',
  ],
  [
    'data and data_base64 together',
    STRUCTURED,
    json({ ...V1, data: 1, data_base64: 'AA==' }),
    400,
    /must not both be present/,
  ],
  [
    '0.3 with base64 encoding and data that is not base64',
    STRUCTURED,
    json({ ...V1, specversion: '0.3', datacontentencoding: 'base64', data: 'not base64!' }),
    400,
    /^data \(datacontentencoding: base64\) is not valid base64/,
  ],
  [
    '0.3 with base64 encoding and object data',
    STRUCTURED,
    json({ ...V1, specversion: '0.3', datacontentencoding: 'base64', data: { a: 1 } }),
    400,
    'data must be a base64 string when datacontentencoding is base64, got object',
  ],
  [
    '0.3 with data_base64',
    STRUCTURED,
    json({ ...V1, specversion: '0.3', data_base64: 'AA==' }),
    400,
    'data_base64 is not defined for specversion 0.3 (use datacontentencoding: base64)',
  ],
  [
    '0.3 with an unsupported encoding',
    STRUCTURED,
    json({ ...V1, specversion: '0.3', datacontentencoding: 'quoted-printable', data: 'x' }),
    400,
    'unsupported datacontentencoding: "quoted-printable" (only base64 is supported)',
  ],
  [
    'id that is a number',
    STRUCTURED,
    json({ ...V1, id: 7 }),
    400,
    'attribute id must be a string, got number',
  ],
  [
    'specversion that is a number',
    STRUCTURED,
    '{"specversion":1.0,"id":"1","source":"/s","type":"t"}',
    400,
    /^attribute specversion must be a string, got number$/,
  ],
  [
    'extension with an object value',
    STRUCTURED,
    json({ ...V1, ext: { a: 1 } }),
    400,
    'extension attribute ext must be a string, integer or boolean, got object',
  ],
  ['extension with a fraction', STRUCTURED, json({ ...V1, ext: 1.5 }), 400, /got number 1.5$/],
  [
    'source with a space',
    binary({ 'ce-source': 'my source' }),
    '',
    400,
    'attribute source is not a URI-reference (RFC 3986): "my source"',
  ],
  [
    'source with a bad scheme',
    STRUCTURED,
    json({ ...V1, source: '1http://x' }),
    400,
    /attribute source is not a URI-reference/,
  ],
  [
    'dataschema that is not a URI',
    STRUCTURED,
    json({ ...V1, dataschema: 'a b' }),
    400,
    /attribute dataschema is not a URI-reference/,
  ],
  [
    'datacontenttype that is not a media type',
    STRUCTURED,
    json({ ...V1, datacontenttype: 'json' }),
    400,
    /datacontenttype is not a media type/,
  ],
  [
    'percent-escapes that are not UTF-8',
    binary({ 'ce-subject': 'line%0Abyte%FC' }),
    '',
    400,
    'header ce-subject: %FC at offset 11 does not decode to UTF-8 (percent-escapes are UTF-8 bytes)',
  ],
];

test('cloudevents malformed - at least 15 malformed inputs are covered', () => {
  assert.ok(CASES.length >= 15);
});

for (const [name, headers, body, status, reason] of CASES) {
  test(`cloudevents malformed - ${name}: ${status}`, () => {
    assert.throws(
      () => parseHttpEvents(headers, Buffer.from(body)),
      (error: unknown) => {
        assert.ok(error instanceof CloudEventError, `expected a CloudEventError, got ${String(error)}`);
        assert.equal(error.status, status);
        if (typeof reason === 'string') assert.equal(error.reason, reason);
        else assert.match(error.reason, reason);
        assert.equal(error.message, error.reason);
        assert.equal(error.code, status === 415 ? 'EBB_CE_UNSUPPORTED_MEDIA_TYPE' : 'EBB_CE_INVALID_EVENT');
        return true;
      },
    );
  });
}
