import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttemptRecord } from '../eventing/dispatcher/index.js';
import { EventRecorder, traceIdOf } from './recorder.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const attrs = (id: string, extra: Record<string, string> = {}) => ({
  specversion: '1.0',
  id,
  type: 'order.placed',
  source: '/shop',
  ...extra,
});
const attempt = (offset: number, outcome: AttemptRecord['outcome'], over: Partial<AttemptRecord> = {}) =>
  ({
    trigger: 'default/orders',
    stream: 'default/default',
    offset,
    attributes: attrs(`e${offset}`, { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }),
    attempt: 1,
    url: 'http://shop.default.svc.cluster.local',
    status: 200,
    latencyMs: 5,
    startedAt: Date.now(),
    outcome,
    replies: [],
    ...over,
  }) satisfies AttemptRecord;

test('recorder - events are kept in a bounded ring with their offsets and counted per stream', () => {
  const r = new EventRecorder({ maxEvents: 2 });
  r.appended({
    kind: 'broker',
    namespace: 'default',
    name: 'default',
    stream: 'default/default',
    offsets: [1, 2, 3],
    events: [{ attributes: attrs('a') }, { attributes: attrs('b') }, { attributes: attrs('c') }],
  });
  assert.deepEqual(
    r.events.toArray().map((e) => [e.offset, e.attributes.id]),
    [
      [2, 'b'],
      [3, 'c'],
    ],
  );
  assert.equal(r.accepted.get('default/default'), 3);
});

test("recorder - an event's attempts, latency percentiles, and dead letters with Knative's extensions", () => {
  const r = new EventRecorder();
  r.attempted(attempt(7, 'retry', { status: 503, latencyMs: 10, error: 'HTTP 503' }));
  r.attempted(attempt(7, 'dead-lettered', { attempt: 2, status: 500, latencyMs: 30, error: 'HTTP 500' }));
  r.attempted(attempt(8, 'delivered'));
  assert.deepEqual(
    r.attemptsOf('default/default', 7).map((a) => a.attempt),
    [1, 2],
  );
  assert.equal(r.latency('default/orders').p99, 30);
  const [dl] = r.deadLetters.toArray();
  assert.equal(dl?.extensions.knativeerrorcode, '500');
  assert.equal(dl?.extensions.knativeerrordest, 'http://shop.default.svc.cluster.local');
  assert.equal(dl?.traceId, TRACE);
});

test('recorder - a dead letter arriving at a broker is listed with its extensions', () => {
  const r = new EventRecorder();
  r.appended({
    kind: 'broker',
    namespace: 'default',
    name: 'dls',
    stream: 'default/dls',
    offsets: [1],
    events: [
      {
        attributes: attrs('x', {
          knativeerrordest: 'http://a',
          knativeerrorcode: '500',
          knativeerrordata: 'b29wcw==',
        }),
      },
    ],
  });
  assert.deepEqual(r.deadLetters.toArray()[0]?.extensions, {
    knativeerrordest: 'http://a',
    knativeerrorcode: '500',
    knativeerrordata: 'b29wcw==',
  });
});

test('recorder - traceIdOf reads a W3C traceparent', () => {
  assert.equal(traceIdOf(`00-${TRACE}-00f067aa0ba902b7-01`), TRACE);
  assert.equal(traceIdOf('garbage'), undefined);
  assert.equal(traceIdOf(undefined), undefined);
});
