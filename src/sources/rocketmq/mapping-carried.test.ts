/** Messages that already carry a CloudEvent (binary CE_ properties, structured bodies), invalid ones, and the CloudEvents samples. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedDataPath } from '../../../test/helpers/ebb.js';
import {
  structuredData,
  structuredRequest,
  yamlSamples,
} from '../../eventing/cloudevents/conformance-samples.js';
import { isJsonContentType } from '../../eventing/cloudevents/index.js';
import { assertDeliverable, BORN, ceProps, ctx, message, props, SOURCE, VALID } from './mapping.fixtures.js';
import { toCloudEvent } from './mapping.js';

describe('rocketmq mapping - binary mode pass-through', () => {
  it('mapping - a CE_ message passes through unchanged with its extensions and the body as data', () => {
    const attributes = {
      ...VALID,
      time: '2024-01-02T03:04:05Z',
      subject: 'order/42',
      datacontenttype: 'application/json',
      dataschema: 'https://example.com/order.json',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tenant: 'acme',
    };
    const body = Buffer.from('{"order":42}');
    const mapped = toCloudEvent(
      message({
        body,
        properties: ceProps(attributes, { region: 'eu' }),
        tag: 'TagA',
        keys: ['k'],
        messageGroup: 'g',
        bornTimestamp: BORN,
        deliveryAttempt: 3,
      }),
      ctx,
    );
    assert.deepEqual(mapped, { event: { attributes, data: body }, mode: 'binary' });
    assertDeliverable(mapped.event);
  });

  it('mapping - CE_ property names are read case-insensitively', () => {
    const { event, mode } = toCloudEvent(
      message({
        properties: props({
          CE_SpecVersion: '1.0',
          CE_ID: 'x',
          CE_Source: '/s',
          CE_TYPE: 't',
          CE_MyExt: 'v',
        }),
      }),
      ctx,
    );
    assert.equal(mode, 'binary');
    assert.deepEqual(event.attributes, { specversion: '1.0', id: 'x', source: '/s', type: 't', myext: 'v' });
  });

  it('mapping - a 0.3 event stays 0.3 with its 0.3 attributes', () => {
    const attributes = {
      specversion: '0.3',
      id: 'old-1',
      source: '/legacy',
      type: 'com.example.legacy',
      schemaurl: 'https://example.com/schema',
      datacontenttype: 'text/plain',
    };
    const mapped = toCloudEvent(
      message({ body: Buffer.from('legacy'), properties: ceProps(attributes) }),
      ctx,
    );
    assert.deepEqual(mapped, { event: { attributes, data: Buffer.from('legacy') }, mode: 'binary' });
  });

  it('mapping - a binary event with an empty body has no data', () => {
    const mapped = toCloudEvent(message({ body: Buffer.alloc(0), properties: ceProps(VALID) }), ctx);
    assert.deepEqual(mapped, { event: { attributes: VALID }, mode: 'binary' });
  });

  it('mapping - a binary event keeps bytes that are not text', () => {
    const body = Buffer.from([0, 1, 2, 0xff]);
    const mapped = toCloudEvent(message({ body, properties: ceProps(VALID) }), ctx);
    assert.deepEqual(mapped.event.data, body);
    assert.equal(mapped.event.attributes.datacontenttype, undefined, 'no content type is invented');
  });
});

describe('rocketmq mapping - structured mode pass-through', () => {
  const structured = {
    specversion: '1.0',
    id: 'evt-9',
    source: '/orders/us',
    type: 'com.example.order.shipped',
    subject: 'order/9',
    tenant: 'acme',
    datacontenttype: 'application/json',
    data: { order: 9, items: [1, 2] },
  };

  it('mapping - CONTENT_TYPE application/cloudevents+json: the body is the event', () => {
    const mapped = toCloudEvent(
      message({
        body: Buffer.from(JSON.stringify(structured)),
        properties: props({ CONTENT_TYPE: 'application/cloudevents+json' }),
        tag: 'TagA',
        bornTimestamp: BORN,
      }),
      ctx,
    );
    const { data, ...attributes } = structured;
    assert.deepEqual(mapped, {
      event: { attributes, data: Buffer.from(JSON.stringify(data)) },
      mode: 'structured',
    });
    assertDeliverable(mapped.event);
  });

  it('mapping - structured mode with a charset parameter and other spellings of the property', () => {
    for (const [name, value] of [
      ['CONTENT_TYPE', 'application/cloudevents+json; charset=utf-8'],
      ['content-type', 'Application/CloudEvents+JSON ;charset=UTF-8'],
      ['Content-Type', 'application/cloudevents+json'],
      ['contenttype', 'application/cloudevents+json; charset=utf-8'],
    ] as const) {
      const mapped = toCloudEvent(
        message({ body: Buffer.from(JSON.stringify(structured)), properties: props({ [name]: value }) }),
        ctx,
      );
      assert.equal(mapped.mode, 'structured', `${name}: ${value}`);
      assert.equal(mapped.event.attributes.id, 'evt-9');
    }
  });

  it('mapping - a structured event with data_base64 gives back the bytes', () => {
    const bytes = Buffer.from([0, 1, 2, 250]);
    const mapped = toCloudEvent(
      message({
        body: Buffer.from(JSON.stringify({ ...VALID, data_base64: bytes.toString('base64') })),
        properties: props({ CONTENT_TYPE: 'application/cloudevents+json' }),
      }),
      ctx,
    );
    assert.deepEqual(mapped, { event: { attributes: VALID, data: bytes }, mode: 'structured' });
  });

  it('mapping - CE_specversion makes binary mode even when CONTENT_TYPE says structured', () => {
    const body = Buffer.from('{"not":"an event"}');
    const mapped = toCloudEvent(
      message({ body, properties: ceProps(VALID, { CONTENT_TYPE: 'application/cloudevents+json' }) }),
      ctx,
    );
    assert.deepEqual(mapped, { event: { attributes: VALID, data: body }, mode: 'binary' });
  });
});

describe('rocketmq mapping - invalid carried events are wrapped, not lost', () => {
  const wrappedAttributes = (extra: Record<string, string> = {}) => ({
    specversion: '1.0',
    id: '7F0000010001-MSG-1',
    source: SOURCE,
    type: 'dev.knative.rocketmq.event',
    ...extra,
  });

  it('mapping - CE_specversion 2.0 is wrapped with the reason', () => {
    const body = Buffer.from('{"a":1}');
    const mapped = toCloudEvent(
      message({ body, properties: ceProps({ ...VALID, specversion: '2.0' }) }),
      ctx,
    );
    assert.deepEqual(mapped, {
      event: { attributes: wrappedAttributes({ datacontenttype: 'application/json' }), data: body },
      mode: 'wrapped',
      invalid: 'unsupported specversion: 2.0 (supported: 1.0, 0.3)',
    });
  });

  it('mapping - a missing CE_id is wrapped with the reason', () => {
    const { id: _id, ...noId } = VALID;
    const mapped = toCloudEvent(message({ properties: ceProps(noId), tag: 'TagA' }), ctx);
    assert.equal(mapped.mode, 'wrapped');
    assert.equal(mapped.invalid, 'missing required attribute: id');
    assert.deepEqual(
      mapped.event.attributes,
      wrappedAttributes({ rocketmqtag: 'TagA', datacontenttype: 'text/plain; charset=utf-8' }),
    );
    assert.deepEqual(mapped.event.data, Buffer.from('hello'));
  });

  it('mapping - a bad CE_time or CE_source is wrapped with the reason', () => {
    const badTime = toCloudEvent(message({ properties: ceProps({ ...VALID, time: 'yesterday' }) }), ctx);
    assert.equal(badTime.mode, 'wrapped');
    assert.equal(badTime.invalid, 'attribute time is not an RFC 3339 timestamp: "yesterday"');
    const badSource = toCloudEvent(message({ properties: ceProps({ ...VALID, source: 'a b' }) }), ctx);
    assert.equal(badSource.mode, 'wrapped');
    assert.equal(badSource.invalid, 'attribute source is not a URI-reference (RFC 3986): "a b"');
  });

  it('mapping - structured JSON that does not parse is wrapped with the reason and the exact body', () => {
    const body = Buffer.from('{"specversion":"1.0",');
    const mapped = toCloudEvent(
      message({
        body,
        properties: props({ CONTENT_TYPE: 'application/cloudevents+json' }),
        messageGroup: 'g',
      }),
      ctx,
    );
    assert.equal(mapped.mode, 'wrapped');
    assert.match(mapped.invalid ?? '', /^invalid JSON: /);
    assert.equal(mapped.event.attributes.id, '7F0000010001-MSG-1');
    assert.equal(mapped.event.attributes.partitionkey, 'g');
    assert.deepEqual(mapped.event.data, body);
  });

  it('mapping - a structured event missing its type is wrapped with the reason', () => {
    const { type: _type, ...noType } = VALID;
    const body = Buffer.from(JSON.stringify(noType));
    const mapped = toCloudEvent(
      message({ body, properties: props({ CONTENT_TYPE: 'application/cloudevents+json' }) }),
      ctx,
    );
    assert.equal(mapped.mode, 'wrapped');
    assert.equal(mapped.invalid, 'missing required attribute: type');
    assert.deepEqual(mapped.event.data, body);
  });

  it('mapping - a JSON array with the structured content type is wrapped', () => {
    const mapped = toCloudEvent(
      message({
        body: Buffer.from('[]'),
        properties: props({ CONTENT_TYPE: 'application/cloudevents+json' }),
      }),
      ctx,
    );
    assert.equal(mapped.mode, 'wrapped');
    assert.equal(mapped.invalid, 'a structured event must be a JSON object, got array');
  });

  it('mapping - a wrapped invalid structured event can be delivered', () => {
    const mapped = toCloudEvent(
      message({
        body: Buffer.from('{"nope":1}'),
        properties: props({ CONTENT_TYPE: 'application/cloudevents+json' }),
      }),
      ctx,
    );
    assert.equal(mapped.mode, 'wrapped');
    assert.equal(mapped.event.attributes.datacontenttype, 'application/json');
    assertDeliverable(mapped.event);
  });

  it('mapping - a message with the batch content type is wrapped as data and can be delivered', () => {
    const mapped = toCloudEvent(
      message({
        body: Buffer.from('[]'),
        properties: props({ CONTENT_TYPE: 'application/cloudevents-batch+json' }),
      }),
      ctx,
    );
    assert.equal(mapped.mode, 'wrapped');
    assertDeliverable(mapped.event);
  });

  it('mapping - a CONTENT_TYPE that is not a media type is not used as datacontenttype', () => {
    const mapped = toCloudEvent(
      message({ body: Buffer.from('{}'), properties: props({ CONTENT_TYPE: 'json' }) }),
      ctx,
    );
    assert.equal(mapped.event.attributes.datacontenttype, 'application/json');
    assertDeliverable(mapped.event);
  });

  it('mapping - a CE_ property that is not a valid attribute name makes the event invalid', () => {
    for (const bad of ['CE_trace-id', 'CE_data', 'CE_']) {
      const mapped = toCloudEvent(message({ properties: ceProps(VALID, { [bad]: 'x' }) }), ctx);
      assert.equal(mapped.mode, 'wrapped', bad);
      assert.ok(mapped.invalid, bad);
      assertDeliverable(mapped.event);
    }
  });

  it('mapping - a topic with | or % still gives a valid source', () => {
    for (const topic of ['orders|eu', '%RETRY%GID_orders']) {
      const mapped = toCloudEvent(message({ topic }), ctx);
      assertDeliverable(mapped.event);
    }
  });
});

describe('rocketmq mapping - CloudEvents SDK for Java (cloudevents-rocketmq) messages', () => {
  // io.cloudevents:cloudevents-rocketmq writes datacontenttype as the property CE_contenttype (binary mode)
  // and the structured event format's content type there too; see the report.
  it('mapping - CE_contenttype is the datacontenttype of a binary event', () => {
    const body = Buffer.from('{"a":1}');
    const mapped = toCloudEvent(
      message({ body, properties: ceProps(VALID, { CE_contenttype: 'application/json' }) }),
      ctx,
    );
    assert.deepEqual(mapped, {
      event: { attributes: { ...VALID, datacontenttype: 'application/json' }, data: body },
      mode: 'binary',
    });
  });

  it('mapping - CE_contenttype application/cloudevents+json makes structured mode', () => {
    const mapped = toCloudEvent(
      message({
        body: Buffer.from(JSON.stringify(VALID)),
        properties: props({ CE_contenttype: 'application/cloudevents+json; charset=UTF-8' }),
      }),
      ctx,
    );
    assert.deepEqual(mapped, { event: { attributes: VALID }, mode: 'structured' });
  });
});

const conformance = sharedDataPath('cloudevents-conformance');
const skip =
  conformance === undefined ? 'shared/data/cloudevents-conformance not found next to the repository' : false;
const samples = conformance ? yamlSamples(conformance) : [];

describe('rocketmq mapping - CloudEvents conformance samples', () => {
  it('mapping - conformance: the sample files hold events', { skip }, () => {
    assert.ok(samples.length >= 8, `found ${samples.length} samples`);
  });

  for (const sample of samples) {
    it(`mapping - conformance: binary ${sample.name} passes through with its attributes and data`, () => {
      // Every sample's data is a YAML string, so it is always representable as UTF-8 bytes.
      const body = sample.data === undefined ? Buffer.alloc(0) : Buffer.from(sample.data, 'utf8');
      const mapped = toCloudEvent(
        message({ body, properties: ceProps(sample.attributes), tag: 'TagA' }),
        ctx,
      );
      assert.equal(mapped.invalid, undefined);
      assert.equal(mapped.mode, 'binary');
      assert.deepEqual(mapped.event.attributes, sample.attributes);
      assert.equal(mapped.event.data?.toString('utf8'), sample.data);
      assertDeliverable(mapped.event);
    });

    it(`mapping - conformance: structured ${sample.name} passes through with its attributes and data`, () => {
      const { headers, body } = structuredRequest(sample);
      const mapped = toCloudEvent(
        message({ body: Buffer.from(body), properties: props({ CONTENT_TYPE: headers['content-type']! }) }),
        ctx,
      );
      assert.equal(mapped.invalid, undefined);
      assert.equal(mapped.mode, 'structured');
      const expected = { ...sample.attributes };
      if (sample.data !== undefined) expected.datacontenttype ??= 'application/json';
      assert.deepEqual(mapped.event.attributes, expected);
      const data = structuredData(sample);
      if (isJsonContentType(expected.datacontenttype ?? '')) {
        assert.deepEqual(JSON.parse(mapped.event.data!.toString('utf8')), data);
      } else {
        assert.equal(mapped.event.data?.toString('utf8'), data);
      }
    });
  }
});
