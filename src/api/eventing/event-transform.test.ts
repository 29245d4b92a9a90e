import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventTransformKind } from './event-transform.js';
import { admit, fields, manifest, testContext } from './testing.js';

const EXPRESSION = '{ "specversion": "1.0", "id": id, "type": "t", "source": "s" }';
const sink = { uri: 'http://example.com' };
const transform = (spec: unknown) => manifest(eventTransformKind, spec);
const causes = (spec: unknown) => admit(eventTransformKind, transform(spec)).err.causes();

test('eventtransform - a jsonata transformation, with or without sink and reply, passes', () => {
  for (const spec of [
    { jsonata: { expression: EXPRESSION } },
    { sink, jsonata: { expression: EXPRESSION }, reply: { jsonata: { expression: EXPRESSION } } },
    { sink, jsonata: { expression: EXPRESSION }, reply: { discard: true } },
  ]) {
    const { err } = admit(eventTransformKind, transform(spec));
    assert.ok(err.isEmpty, err.toString());
  }
});

test('eventtransform - no transformation is "expected exactly one, got neither" on spec.jsonata', () => {
  assert.deepEqual(causes({}), [
    { field: 'spec.jsonata', message: 'expected exactly one, got neither', reason: 'FieldValueRequired' },
  ]);
  assert.deepEqual(
    causes({ jsonata: {} }).map((c) => [c.field, c.message]),
    [['spec.jsonata.expression', 'missing field(s)']],
  );
});

test('eventtransform - a JSONata syntax error is refused with jsonata message, code and position', () => {
  const [cause, ...rest] = causes({ jsonata: { expression: '{ "id": id, "type": ' } });
  assert.equal(rest.length, 0);
  assert.equal(cause!.field, 'spec.jsonata.expression');
  assert.equal(
    cause!.message,
    'invalid JSONata expression: Expected "}" before end of expression (S0203, position 20)',
  );
  const reply = causes({
    sink,
    jsonata: { expression: EXPRESSION },
    reply: { jsonata: { expression: 'a +* b' } },
  });
  assert.deepEqual(
    reply.map((c) => [c.field, c.message]),
    [['spec.reply.jsonata.expression', 'invalid JSONata expression: Syntax error: "b" (S0201, position 6)']],
  );
});

test('eventtransform - reply without sink, and jsonata with discard, are Knative errors', () => {
  assert.deepEqual(
    causes({ jsonata: { expression: EXPRESSION }, reply: { discard: true } }).map((c) => [
      c.field,
      c.message,
    ]),
    [['spec.reply', 'reply is set without spec.sink']],
  );
  assert.deepEqual(
    fields(
      admit(
        eventTransformKind,
        transform({
          sink,
          jsonata: { expression: EXPRESSION },
          reply: { jsonata: { expression: EXPRESSION }, discard: true },
        }),
      ).err,
    ),
    ['spec.reply.discard', 'spec.reply.jsonata'],
  );
});

test('eventtransform - sink is a Destination; CACerts are refused for JSONata', () => {
  assert.deepEqual(
    fields(
      admit(eventTransformKind, transform({ sink: { uri: 'relative' }, jsonata: { expression: EXPRESSION } }))
        .err,
    ),
    ['spec.sink.uri'],
  );
  const ca = causes({
    sink: { uri: 'http://example.com', CACerts: '-----BEGIN CERTIFICATE-----\n...' },
    jsonata: { expression: EXPRESSION },
  });
  assert.equal(ca.length, 1);
  assert.equal(ca[0]!.field, 'spec.sink.CACerts');
  assert.match(ca[0]!.message, /^CACerts for the sink is not supported for JSONata transformations/);
});

test('eventtransform - a sink ref namespace defaults to the transform namespace', () => {
  const ref = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' };
  const { obj, err } = admit(
    eventTransformKind,
    transform({ sink: { ref }, jsonata: { expression: EXPRESSION } }),
  );
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.spec.sink.ref.namespace, 'default');
});

test('eventtransform - the transformation type is immutable, the expression is not', () => {
  const before = transform({ jsonata: { expression: EXPRESSION } });
  const ctx = testContext({}, 'update');
  assert.ok(
    eventTransformKind.validateUpdate!(before, transform({ jsonata: { expression: '{}' } }), ctx).isEmpty,
  );
  const err = eventTransformKind.validateUpdate!(before, transform({}), ctx);
  assert.deepEqual(fields(err), ['spec.jsonata']);
  assert.match(err.causes()[0]!.message, /^Transformations types are immutable/);
});

test('eventtransform - columns are URL, SINK, READY, REASON', () => {
  const obj = transform({ jsonata: { expression: EXPRESSION } });
  obj.status = {
    address: { url: 'http://x-jsonata.default.svc.cluster.local:8080' },
    sinkUri: 'http://sink',
    conditions: [{ type: 'Ready', status: 'False', reason: 'NoAddressable' }],
  } as never;
  assert.deepEqual(
    eventTransformKind.columns!.map((c) => [c.header, c.value(obj)]),
    [
      ['URL', 'http://x-jsonata.default.svc.cluster.local:8080'],
      ['SINK', 'http://sink'],
      ['READY', 'False'],
      ['REASON', 'NoAddressable'],
    ],
  );
});
