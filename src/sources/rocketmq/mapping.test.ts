/** How plain RocketMQ messages become CloudEvents, content-type sniffing, and ceOverrides. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertDeliverable, BORN, ceProps, ctx, message, props, SOURCE, VALID } from './mapping.fixtures.js';
import { sniffContentType, sourceAttribute, toCloudEvent } from './mapping.js';

describe('rocketmq mapping - wrapped messages', () => {
  it('mapping - sourceAttribute names namespace, source and topic', () => {
    assert.equal(sourceAttribute('shop', 'orders-source', 'orders'), SOURCE);
    assert.equal(
      sourceAttribute('default', 'rocketmqsource', 'topic-knative'),
      '/apis/v1/namespaces/default/rocketmqsources/rocketmqsource#topic-knative',
    );
  });

  it('mapping - a plain message becomes a dev.knative.rocketmq.event with every extension', () => {
    const mapped = toCloudEvent(
      message({
        body: Buffer.from('{"order":42}'),
        tag: 'TagA',
        keys: ['k1', 'k2', 'k3'],
        messageGroup: 'customer-9',
        bornTimestamp: BORN,
        deliveryAttempt: 2,
      }),
      ctx,
    );
    assert.deepEqual(mapped, {
      event: {
        attributes: {
          specversion: '1.0',
          id: '7F0000010001-MSG-1',
          source: SOURCE,
          type: 'dev.knative.rocketmq.event',
          time: '2024-05-06T07:08:09.123Z',
          rocketmqtag: 'TagA',
          rocketmqkeys: 'k1 k2 k3',
          rocketmqmessagegroup: 'customer-9',
          partitionkey: 'customer-9',
          rocketmqattempt: '2',
          datacontenttype: 'application/json',
        },
        data: Buffer.from('{"order":42}'),
      },
      mode: 'wrapped',
    });
    assertDeliverable(mapped.event);
  });

  it('mapping - a minimal message has only the required attributes', () => {
    const mapped = toCloudEvent(message(), ctx);
    assert.deepEqual(mapped, {
      event: {
        attributes: {
          specversion: '1.0',
          id: '7F0000010001-MSG-1',
          source: SOURCE,
          type: 'dev.knative.rocketmq.event',
          datacontenttype: 'text/plain; charset=utf-8',
        },
        data: Buffer.from('hello'),
      },
      mode: 'wrapped',
    });
    assert.equal(mapped.invalid, undefined);
  });

  it('mapping - empty tag, no keys and no group add no extensions; attempt 1 is written', () => {
    const { event } = toCloudEvent(message({ tag: '', keys: [], messageGroup: '', deliveryAttempt: 1 }), ctx);
    assert.deepEqual(Object.keys(event.attributes), [
      'specversion',
      'id',
      'source',
      'type',
      'rocketmqattempt',
      'datacontenttype',
    ]);
    assert.equal(event.attributes.rocketmqattempt, '1');
  });

  it('mapping - a single key is the whole rocketmqkeys value', () => {
    assert.equal(toCloudEvent(message({ keys: ['only'] }), ctx).event.attributes.rocketmqkeys, 'only');
  });

  it('mapping - an empty body gives an event without data or datacontenttype', () => {
    const mapped = toCloudEvent(
      message({ body: Buffer.alloc(0), properties: props({ CONTENT_TYPE: 'application/json' }) }),
      ctx,
    );
    assert.deepEqual(mapped.event, {
      attributes: {
        specversion: '1.0',
        id: '7F0000010001-MSG-1',
        source: SOURCE,
        type: 'dev.knative.rocketmq.event',
      },
    });
    assert.equal('data' in mapped.event, false);
    assertDeliverable(mapped.event);
  });

  it('mapping - the data is the body byte for byte', () => {
    const body = Buffer.from([0xff, 0x00, 0x10, 0x80, 0x7f]);
    const { event } = toCloudEvent(message({ body }), ctx);
    assert.deepEqual(event.data, body);
    assert.equal(event.attributes.datacontenttype, 'application/octet-stream');
    assertDeliverable(event);
  });

  it('mapping - the content type comes from CONTENT_TYPE, content-type, Content-Type or contenttype', () => {
    for (const name of ['CONTENT_TYPE', 'content-type', 'Content-Type', 'contenttype']) {
      const { event } = toCloudEvent(
        message({ body: Buffer.from('{"a":1}'), properties: props({ [name]: 'application/vnd.shop+json' }) }),
        ctx,
      );
      assert.equal(event.attributes.datacontenttype, 'application/vnd.shop+json', name);
    }
  });

  it('mapping - CONTENT_TYPE wins over content-type, and an empty one is ignored', () => {
    const both = props({ 'content-type': 'text/csv', CONTENT_TYPE: 'application/xml' });
    assert.equal(
      toCloudEvent(message({ properties: both }), ctx).event.attributes.datacontenttype,
      'application/xml',
    );
    const empty = props({ CONTENT_TYPE: '', 'content-type': 'text/csv' });
    assert.equal(
      toCloudEvent(message({ properties: empty }), ctx).event.attributes.datacontenttype,
      'text/csv',
    );
  });

  it('mapping - a declared content type is kept even when the body looks like something else', () => {
    const { event } = toCloudEvent(
      message({
        body: Buffer.from('{"a":1}'),
        properties: props({ CONTENT_TYPE: 'text/plain; charset=us-ascii' }),
      }),
      ctx,
    );
    assert.equal(event.attributes.datacontenttype, 'text/plain; charset=us-ascii');
  });

  it('mapping - user properties become extensions; system properties stay out', () => {
    const mapped = toCloudEvent(
      message({
        tag: 'TagA',
        properties: props({
          region: 'eu',
          orderId: '42',
          TRACE_ON: 'true',
          UNIQ_KEY: 'u',
          CONTENT_TYPE: 'text/csv',
        }),
      }),
      ctx,
    );
    const { attributes } = mapped.event;
    assert.equal(attributes.region, 'eu');
    assert.equal(attributes.orderid, '42');
    for (const name of ['traceon', 'uniqkey', 'contenttype']) assert.equal(attributes[name], undefined, name);
    assert.equal(attributes.datacontenttype, 'text/csv');
    assertDeliverable(mapped.event);
  });

  it('mapping - a mapped attribute wins over a property of the same name', () => {
    const { event } = toCloudEvent(
      message({ tag: 'TagA', properties: props({ rocketmqtag: 'forged', id: 'forged', rocketmqkeys: 'x' }) }),
      ctx,
    );
    assert.equal(event.attributes.rocketmqtag, 'TagA');
    assert.equal(event.attributes.id, '7F0000010001-MSG-1');
    assert.equal(event.attributes.rocketmqkeys, undefined, 'a mapped name is taken even when unset');
  });
});

describe('rocketmq mapping - content type sniffing', () => {
  const sniff = (text: string) => sniffContentType(Buffer.from(text));

  it('mapping - sniff: JSON objects, arrays and strings are application/json', () => {
    assert.equal(sniff('{"a":[1,2]}'), 'application/json');
    assert.equal(sniff('  \n[1, "two"]\n'), 'application/json');
    assert.equal(sniff('"just a string"'), 'application/json');
    assert.equal(sniff('{}'), 'application/json');
  });

  it('mapping - sniff: text that only starts like JSON, and bare JSON scalars, are text', () => {
    assert.equal(sniff('{not json'), 'text/plain; charset=utf-8');
    assert.equal(sniff('[1, 2'), 'text/plain; charset=utf-8');
    assert.equal(sniff('42'), 'text/plain; charset=utf-8');
    assert.equal(sniff('true'), 'text/plain; charset=utf-8');
  });

  it('mapping - sniff: UTF-8 text with tabs and newlines is text', () => {
    assert.equal(sniff('Hello, 🌎!\r\n\tline two\f'), 'text/plain; charset=utf-8');
    assert.equal(sniff(''), 'text/plain; charset=utf-8');
  });

  it('mapping - sniff: control characters or invalid UTF-8 are application/octet-stream', () => {
    assert.equal(sniff('a\u0000b'), 'application/octet-stream');
    assert.equal(sniff('bell\u0007'), 'application/octet-stream');
    assert.equal(sniff('esc\u001b[0m'), 'application/octet-stream');
    assert.equal(sniffContentType(Buffer.from([0xc3, 0x28])), 'application/octet-stream');
    assert.equal(sniffContentType(Buffer.from([0xff, 0xfe, 0x00])), 'application/octet-stream');
  });
});

describe('rocketmq mapping - ceOverrides', () => {
  const overrides = { env: 'prod', team: 'checkout' };

  it('mapping - overrides apply to a wrapped event', () => {
    const { event } = toCloudEvent(message({ tag: 'TagA' }), { ...ctx, overrides });
    assert.deepEqual(event.attributes, {
      specversion: '1.0',
      id: '7F0000010001-MSG-1',
      source: SOURCE,
      type: 'dev.knative.rocketmq.event',
      rocketmqtag: 'TagA',
      datacontenttype: 'text/plain; charset=utf-8',
      env: 'prod',
      team: 'checkout',
    });
  });

  it('mapping - overrides apply to binary and structured carried events, replacing same-named extensions', () => {
    const binary = toCloudEvent(message({ properties: ceProps({ ...VALID, env: 'dev' }) }), {
      ...ctx,
      overrides,
    });
    assert.equal(binary.mode, 'binary');
    assert.deepEqual(binary.event.attributes, { ...VALID, env: 'prod', team: 'checkout' });
    const structured = toCloudEvent(
      message({
        body: Buffer.from(JSON.stringify({ ...VALID, env: 'dev' })),
        properties: props({ CONTENT_TYPE: 'application/cloudevents+json' }),
      }),
      { ...ctx, overrides },
    );
    assert.equal(structured.mode, 'structured');
    assert.deepEqual(structured.event.attributes, { ...VALID, env: 'prod', team: 'checkout' });
  });

  it('mapping - overrides apply to an invalid carried event that was wrapped', () => {
    const mapped = toCloudEvent(message({ properties: ceProps({ ...VALID, specversion: '2.0' }) }), {
      ...ctx,
      overrides,
    });
    assert.equal(mapped.mode, 'wrapped');
    assert.equal(mapped.event.attributes.env, 'prod');
    assert.equal(mapped.event.attributes.team, 'checkout');
  });

  it('mapping - overrides are not shared between events', () => {
    const first = toCloudEvent(message(), { ...ctx, overrides });
    first.event.attributes.env = 'changed';
    assert.equal(toCloudEvent(message(), { ...ctx, overrides }).event.attributes.env, 'prod');
    assert.deepEqual(overrides, { env: 'prod', team: 'checkout' });
  });
});

describe('rocketmq mapping - data format message (the original sample shape)', () => {
  it('sends the message as JSON with the body base64; attributes as for a wrapped message', () => {
    const order = { orderId: 'o-1', prodName: '牛肉面' };
    const m = message({
      body: Buffer.from(JSON.stringify(order)),
      tag: 'created',
      keys: ['o-1'],
      bornTimestamp: BORN,
      properties: props({ region: 'east' }),
    });
    const { event, mode } = toCloudEvent(m, { ...ctx, dataFormat: 'message' });
    assert.equal(mode, 'wrapped');
    assert.equal(event.attributes.datacontenttype, 'application/json');
    assert.equal(event.attributes.rocketmqtag, 'created');
    assert.equal(event.attributes.region, 'east');
    const data = JSON.parse(Buffer.from(event.data!).toString('utf8'));
    assert.deepEqual(data, {
      Topic: 'orders',
      MessageId: m.messageId,
      Tag: 'created',
      Keys: ['o-1'],
      BornTimestamp: BORN.getTime(),
      Properties: { region: 'east' },
      Body: Buffer.from(JSON.stringify(order)).toString('base64'),
    });
    assert.deepEqual(JSON.parse(Buffer.from(data.Body, 'base64').toString('utf8')), order);
  });

  it('leaves a message that carries a CloudEvent as it is', () => {
    const m = message({ properties: ceProps(VALID) });
    const { event, mode } = toCloudEvent(m, { ...ctx, dataFormat: 'message' });
    assert.equal(mode, 'binary');
    assert.equal(Buffer.from(event.data!).toString(), 'hello');
  });
});
