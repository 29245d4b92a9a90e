import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toBinaryHttp } from '../../eventing/cloudevents/index.js';
import { PING_EVENT_TYPE, pingEvent, pingTemplate } from './event.js';

const spec = { namespace: 'default', name: 'tick' };

test('ping event - Knative attributes, a fresh id per tick, time = the tick', () => {
  const template = pingTemplate({ ...spec, contentType: 'application/json', data: '{"a":1}' });
  const tick = new Date('2024-05-01T10:00:00.000Z');
  const a = pingEvent(template, tick);
  const b = pingEvent(template, tick);
  assert.equal(a.attributes.type, PING_EVENT_TYPE);
  assert.equal(a.attributes.source, '/apis/v1/namespaces/default/pingsources/tick');
  assert.equal(a.attributes.specversion, '1.0');
  assert.equal(a.attributes.datacontenttype, 'application/json');
  assert.equal(a.attributes.time, '2024-05-01T10:00:00.000Z');
  assert.match(a.attributes.id!, /^[0-9a-f-]{36}$/);
  assert.notEqual(a.attributes.id, b.attributes.id);
  assert.equal(a.data?.toString(), '{"a":1}');
});

test('ping event - dataBase64 is sent decoded, byte for byte', () => {
  const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 10, 13]);
  const template = pingTemplate({
    ...spec,
    contentType: 'application/octet-stream',
    dataBase64: bytes.toString('base64'),
  });
  const message = toBinaryHttp(pingEvent(template, new Date()));
  assert.deepEqual(message.body, bytes);
  assert.equal(message.headers['content-type'], 'application/octet-stream');
});

test('ping event - no data, no datacontenttype; overrides set extensions, never attributes', () => {
  const template = pingTemplate({
    ...spec,
    contentType: 'text/plain',
    extensions: { team: 'orders', type: 'mine', source: 'elsewhere' },
  });
  const event = pingEvent(template, new Date());
  assert.equal(event.data, undefined);
  assert.equal(event.attributes.datacontenttype, undefined);
  assert.equal(event.attributes.team, 'orders');
  assert.equal(event.attributes.type, PING_EVENT_TYPE);
  assert.equal(event.attributes.source, '/apis/v1/namespaces/default/pingsources/tick');
});
