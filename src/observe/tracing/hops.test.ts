/**
 * Trace context through the eventing data plane, in process on real servers and a real log: a broker
 * ingress, a trigger whose subscriber answers with a reply into the broker, a second trigger. Without a
 * tracer the incoming context is carried to every hop; with the SDK-backed tracer (an in-memory exporter)
 * the spans form one trace: broker → trigger → reply's broker → second trigger; a channel likewise.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { request } from 'undici';
import { DispatcherManager } from '../../eventing/dispatcher/manager.js';
import {
  makeSpec,
  openTestLog,
  startSink,
  type TestLog,
  type TestSink,
  waitFor,
} from '../../eventing/dispatcher/testing.js';
import { BrokerIngress } from '../../eventing/ingress/broker-ingress.js';
import type { EventRecord } from '../../eventing/types.js';
import { endAll, setHopTracer, traceIngress, traceSource } from './hops.js';
import { createOtelTracer } from './otel.js';
import { parseTraceparent } from './trace-context.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const CHANNEL_HOST = 'c1-kn-channel.default.svc.cluster.local';

interface Plane {
  brokerUrl: string;
  /** The ingress's address; channel `c1` is served there for Host CHANNEL_HOST. */
  ingressUrl: string;
  channelSink: TestSink;
  first: TestSink;
  second: TestSink;
  close(): Promise<void>;
}

async function startPlane(): Promise<Plane> {
  const t: TestLog = await openTestLog();
  const ingress = new BrokerIngress({ log: t.log });
  ingress.setBroker('default', 'b1', { stream: 'default/b1' });
  ingress.setChannel(CHANNEL_HOST, { stream: 'default/c1/channel', namespace: 'default', name: 'c1' });
  const server: Server = createServer((req, res) => {
    if (!ingress.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ingressUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const brokerUrl = `${ingressUrl}/default/b1`;
  const first = await startSink((event) =>
    event.attributes.type === 'order.placed'
      ? {
          status: 200,
          headers: {
            'ce-specversion': '1.0',
            'ce-id': 'r1',
            'ce-source': '/kitchen',
            'ce-type': 'order.cooked',
          },
        }
      : undefined,
  );
  const second = await startSink();
  const channelSink = await startSink();
  const manager = new DispatcherManager({ log: t.log });
  await manager.upsert(
    makeSpec(first.url, { id: 'default/t1', attributes: { type: 'order.placed' }, replyUri: brokerUrl }),
  );
  await manager.upsert(makeSpec(second.url, { id: 'default/t2', attributes: { type: 'order.cooked' } }));
  await manager.upsert(
    makeSpec(channelSink.url, { id: 'default/c1/channel/uid-1', stream: 'default/c1/channel' }),
  );
  return {
    brokerUrl,
    ingressUrl,
    channelSink,
    first,
    second,
    close: async () => {
      await manager.stopAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([first.close(), second.close(), channelSink.close()]);
      await t.cleanup();
    },
  };
}

async function send(url: string, headers: Record<string, string | string[]>): Promise<void> {
  const res = await request(url, {
    method: 'POST',
    headers: {
      'ce-specversion': '1.0',
      'ce-id': 'o1',
      'ce-source': '/shop',
      'ce-type': 'order.placed',
      ...headers,
    },
    body: '',
  });
  await res.body.dump();
  assert.equal(res.statusCode, 202);
}

describe('tracing - propagation through broker, trigger, reply', () => {
  let plane: Plane;
  before(async () => {
    plane = await startPlane();
  });
  after(() => plane.close());

  it('hops - without a tracer the incoming traceparent reaches every hop, reply included', async () => {
    await send(plane.brokerUrl, { traceparent: SENT, tracestate: 'vendor=1' });
    await waitFor('second trigger', () => plane.second.received.length === 1);
    const [first] = plane.first.received;
    assert.equal(first!.headers.traceparent, SENT);
    assert.equal(first!.headers.tracestate, 'vendor=1');
    assert.equal(first!.event.attributes.traceparent, SENT, 'stored with the event');
    assert.equal(plane.second.received[0]!.headers.traceparent, SENT);
  });
});

describe('tracing - spans with the OpenTelemetry SDK', () => {
  let plane: Plane;
  const exporter = new InMemorySpanExporter();
  let tracer: Awaited<ReturnType<typeof createOtelTracer>>;
  before(async () => {
    tracer = await createOtelTracer({ exporter });
    setHopTracer(tracer);
    plane = await startPlane();
  });
  afterEach(() => exporter.reset());
  after(async () => {
    await plane.close();
    setHopTracer(undefined);
    await tracer.shutdown();
  });

  it('spans - one trace: broker → trigger:t1 → reply broker → trigger:t2, with Knative names', async () => {
    await send(plane.brokerUrl, { traceparent: SENT });
    await waitFor('second trigger', () => plane.second.received.length === 1);
    let spans: ReadableSpan[] = [];
    await waitFor('four spans', async () => {
      await tracer.forceFlush();
      spans = exporter.getFinishedSpans();
      return spans.length >= 4;
    });
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const [ingress, reply] = byName('broker:b1.default').sort((a, b) => a.startTime[1] - b.startTime[1]);
    const t1 = byName('trigger:t1.default')[0]!;
    const t2 = byName('trigger:t2.default')[0]!;
    assert.ok(ingress && reply && t1 && t2, spans.map((s) => s.name).join(', '));
    for (const s of [ingress, reply, t1, t2]) assert.equal(s.spanContext().traceId, TRACE_ID, s.name);
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    assert.equal(parentOf(ingress), '00f067aa0ba902b7');
    assert.equal(parentOf(t1), ingress.spanContext().spanId);
    assert.equal(parentOf(reply), t1.spanContext().spanId);
    assert.equal(parentOf(t2), reply.spanContext().spanId);
    const sentToFirst = parseTraceparent(plane.first.received[0]!.headers.traceparent as string)!;
    assert.equal(sentToFirst.spanId, t1.spanContext().spanId, 'the subscriber is told the delivery span');
    assert.equal(t1.attributes['http.response.status_code'], 200);
    assert.equal(t1.attributes['messaging.destination.name'], 'trigger:t1.default');
    assert.equal(t1.attributes['cloudevents.type'], 'order.placed');
    assert.equal(ingress.attributes['kn.broker.name'], 'b1');
    assert.equal(ingress.attributes['http.response.status_code'], 202);
  });

  it('spans - a channel: channel:{name}.{ns} at the ingress, send {url} per subscriber delivery', async () => {
    await send(plane.ingressUrl, { host: CHANNEL_HOST, traceparent: SENT });
    await waitFor('the channel subscriber', () => plane.channelSink.received.length === 1);
    let spans: ReadableSpan[] = [];
    await waitFor('two spans', async () => {
      await tracer.forceFlush();
      spans = exporter.getFinishedSpans();
      return spans.length >= 2;
    });
    const ingress = spans.find((s) => s.name === 'channel:c1.default')!;
    const delivery = spans.find((s) => s.name === `send ${plane.channelSink.url}`)!;
    assert.ok(ingress && delivery, spans.map((s) => s.name).join(', '));
    assert.equal(ingress.attributes['kn.channel.name'], 'c1');
    assert.equal(delivery.parentSpanContext?.spanId, ingress.spanContext().spanId);
    assert.equal(delivery.attributes['kn.subscriber.uid'], 'uid-1');
    const header = parseTraceparent(plane.channelSink.received[0]!.headers.traceparent as string)!;
    assert.equal(header.spanId, delivery.spanContext().spanId);
  });
});

describe('tracing - sources', () => {
  const hop = { kind: 'rocketmqsource', namespace: 'default', name: 'orders', url: 'http://sink/' };
  const event = (extra: Record<string, string> = {}): EventRecord => ({
    attributes: { specversion: '1.0', id: 'm1', source: '/rocketmq', type: 'order.placed', ...extra },
  });

  it('source - a message traceparent property (mapped to the extension) goes on as the header, unchanged', () => {
    const e = event({ traceparent: SENT });
    assert.deepEqual(traceSource(hop, e), { span: undefined, context: { traceparent: SENT } });
    assert.equal(traceSource(hop, event()).context, undefined, 'no context, no trace without a tracer');
  });

  it('source - with a tracer, a rocketmqsource:{name}.{ns} span under the message context', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = await createOtelTracer({ exporter });
    setHopTracer(tracer);
    try {
      const e = event({ traceparent: SENT });
      const { span, context } = traceSource(hop, e);
      span!.end({ status: 202 });
      await tracer.forceFlush();
      const [s] = exporter.getFinishedSpans();
      assert.equal(s!.name, 'rocketmqsource:orders.default');
      assert.equal(s!.parentSpanContext?.spanId, '00f067aa0ba902b7');
      assert.equal(parseTraceparent(context!.traceparent)!.spanId, s!.spanContext().spanId);
      assert.equal(s!.attributes['kn.source.resourcegroup'], 'rocketmqsources.sources.knative.dev');
      assert.equal(e.attributes.traceparent, SENT, 'the event is not changed');
    } finally {
      setHopTracer(undefined);
      await tracer.shutdown();
    }
  });
});

describe('tracing - the ingress parent', () => {
  const event = (extra: Record<string, string> = {}): EventRecord => ({
    attributes: { specversion: '1.0', id: 'e1', source: '/s', type: 't', ...extra },
  });
  const OTHER = `00-${TRACE_ID}-1111111111111111-01`;

  it('ingress - without a tracer: the header replaces the extension; no context stays none', () => {
    const withExt = event({ traceparent: OTHER, tracestate: 'old=1' });
    traceIngress('broker', 'default', 'b1', SENT, undefined, [withExt]);
    assert.equal(withExt.attributes.traceparent, SENT);
    assert.equal(withExt.attributes.tracestate, undefined, 'a tracestate goes with its traceparent');
    const extOnly = event({ traceparent: OTHER });
    traceIngress('broker', 'default', 'b1', undefined, undefined, [extOnly]);
    assert.equal(extOnly.attributes.traceparent, OTHER);
    const none = event();
    traceIngress('broker', 'default', 'b1', 'garbage', undefined, [none]);
    assert.deepEqual(Object.keys(none.attributes), ['specversion', 'id', 'source', 'type']);
  });

  it('ingress - with a tracer: parent from the extension when no header; a root for an event with none', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = await createOtelTracer({ exporter });
    setHopTracer(tracer);
    try {
      const extOnly = event({ traceparent: OTHER });
      const none = event();
      const spans = traceIngress('channel', 'default', 'c1', undefined, undefined, [extOnly, none])!;
      endAll(spans, { status: 202 });
      await tracer.forceFlush();
      const [a, b] = exporter.getFinishedSpans();
      assert.equal(a!.parentSpanContext?.spanId, '1111111111111111');
      assert.equal(
        extOnly.attributes.traceparent,
        spans[0]!.context.traceparent,
        'the ingress span is stored',
      );
      assert.equal(b!.parentSpanContext, undefined, 'a new trace');
      assert.equal(parseTraceparent(none.attributes.traceparent)!.traceId, b!.spanContext().traceId);
    } finally {
      setHopTracer(undefined);
      await tracer.shutdown();
    }
  });
});
