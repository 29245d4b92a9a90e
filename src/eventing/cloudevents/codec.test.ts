import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventRecord } from '../types.js';
import { decodeRecord, encodeRecord } from './codec.js';
import { EventCodecError } from './errors.js';

const attributes = { specversion: '1.0', id: '日本', source: '/s', type: 't', ext: 'ü "q"' };

test('cloudevents codec - round trips attributes in order and data bytes exactly', () => {
  const events: EventRecord[] = [
    { attributes },
    { attributes, data: Buffer.alloc(0) },
    { attributes, data: Buffer.from([0, 255, 10, 13]) },
    {
      attributes: { ...attributes, specversion: '0.3', datacontentencoding: 'base64' },
      data: Buffer.alloc(70_000, 7),
    },
  ];
  for (const event of events) {
    const decoded = decodeRecord(encodeRecord(event));
    assert.deepEqual(decoded, event);
    assert.deepEqual(Object.keys(decoded.attributes), Object.keys(event.attributes));
    assert.equal('data' in decoded, event.data !== undefined, 'absent and empty data stay distinct');
  }
});

test('cloudevents codec - rejects unknown versions and truncated records', () => {
  const good = encodeRecord({ attributes, data: Buffer.from('x') });
  const future = Buffer.from(good);
  future[0] = 9;
  assert.throws(() => decodeRecord(future), /unknown format version 9/);
  assert.throws(() => decodeRecord(good.subarray(0, 10)), EventCodecError);
  assert.throws(() => decodeRecord(Buffer.from([1])), /truncated: 1 bytes/);
});
