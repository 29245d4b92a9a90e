/**
 * Traces end to end against a real `ebb up`: an order sent with a `traceparent` goes broker → trigger →
 * Knative Service (through the router; it echoes the `traceparent` it got into its reply) → reply into the
 * broker → second trigger → subscriber, and every hop is in the sender's trace. Without OTLP export the
 * context only propagates; with it (an OTLP/HTTP JSON receiver in the test, and a batch delay long enough
 * that only the flush on stop delivers them) the exported spans form that one trace with the right parents.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { request } from 'undici';
import { parseTraceparent } from '../../src/observe/tracing/trace-context.js';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { eventually } from '../helpers/http.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../helpers/otlp-receiver.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SENDER_SPAN = '00f067aa0ba902b7';
const SENT = `00-${TRACE_ID}-${SENDER_SPAN}-01`;

/** The kitchen: answers each order with an `order.cooked` reply whose data is the trace headers it saw. */
const KITCHEN = `import { createServer } from 'node:http';
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const seen = { traceparent: req.headers.traceparent ?? null, cetraceparent: req.headers['ce-traceparent'] ?? null };
    res.writeHead(200, { 'ce-specversion': '1.0', 'ce-id': 'cooked-' + req.headers['ce-id'], 'ce-type': 'order.cooked',
      'ce-source': '/kitchen', 'content-type': 'application/json' });
    res.end(JSON.stringify(seen));
  });
}).listen(process.env.PORT);
`;

const manifests = (kitchen: string, recorderUrl: string) => `apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: { name: default, namespace: default }
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: kitchen, namespace: default }
spec:
  template:
    spec:
      containers:
        - command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(kitchen)}]
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: { name: orders, namespace: default }
spec:
  broker: default
  filter: { attributes: { type: order.placed } }
  subscriber: { ref: { apiVersion: serving.knative.dev/v1, kind: Service, name: kitchen } }
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: { name: cooked, namespace: default }
spec:
  broker: default
  filter: { attributes: { type: order.cooked } }
  subscriber: { uri: ${recorderUrl} }
`;

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The last subscriber: records each request's headers and body. */
async function startRecorder(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Run {
  ebb: EbbProcess;
  /** What the kitchen saw (from its reply's data) and the headers the last subscriber got. */
  kitchen: { traceparent: string | null; cetraceparent: string | null };
  last: Seen;
}

/** Starts `ebb up` with `env`, deploys the order flow, sends one order with SENT and waits for its reply. */
async function runOrder(env: Record<string, string>, cleanups: (() => Promise<unknown>)[]): Promise<Run> {
  const dir = tmpDataDir('ebb-traces-');
  const kitchen = join(dir, 'kitchen.mjs');
  writeFileSync(kitchen, KITCHEN);
  const recorder = await startRecorder();
  cleanups.push(() => recorder.close());
  const ebb = await startEbb({ env });
  cleanups.push(() => ebb.stop());
  const cli = async (args: string[], input?: string) => {
    const out = await runCli(args, { server: ebb.apiUrl, ...(input ? { input } : {}) });
    assert.equal(out.code, 0, `${args.join(' ')}: ${out.stderr}`);
  };
  await cli(['apply', '-f', '-'], manifests(kitchen, recorder.url));
  await cli(['wait', 'ksvc', 'kitchen', '--timeout', '30s']);
  await cli(['wait', 'trigger', 'orders', '--timeout', '20s']);
  await cli(['wait', 'trigger', 'cooked', '--timeout', '20s']);
  const res = await request(`${ebb.ingressUrl}/default/default`, {
    method: 'POST',
    headers: {
      'ce-specversion': '1.0',
      'ce-id': 'o-1',
      'ce-source': '/shop',
      'ce-type': 'order.placed',
      traceparent: SENT,
    },
    body: '',
  });
  await res.body.dump();
  assert.equal(res.statusCode, 202);
  const last = await eventually('the reply at the second trigger', async () => recorder.seen[0]);
  return { ebb, kitchen: JSON.parse(last.body), last };
}

const traceOf = (tp: unknown) => parseTraceparent(typeof tp === 'string' ? tp : undefined);

describe('traces', { timeout: 120_000 }, () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  let receiver: OtlpReceiver | undefined;
  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await receiver?.close();
  });

  test('traces - without export, the sender trace reaches the service, the reply and the second trigger', async () => {
    const { ebb, kitchen, last } = await runOrder(
      { OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' },
      cleanups,
    );
    assert.equal(kitchen.traceparent, SENT, 'the service (through the router) got the sender context');
    assert.equal(kitchen.cetraceparent, SENT, 'stored with the event as its traceparent extension');
    assert.equal(last.headers.traceparent, SENT, 'the reply continued the same context');
    assert.equal(last.headers['ce-type'], 'order.cooked');
    await ebb.stop();
    assert.doesNotMatch(ebb.output(), /exporting spans/);
  });

  test('traces - with OTLP export, broker → trigger → service → reply → trigger is one trace with Knative span names', async () => {
    receiver = await startOtlpReceiver();
    const { ebb, kitchen, last } = await runOrder(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'ebb-e2e',
        // Only the flush on stop exports: proves it.
        OTEL_BSP_SCHEDULE_DELAY: '600000',
      },
      cleanups,
    );
    const atKitchen = traceOf(kitchen.traceparent);
    const atLast = traceOf(last.headers.traceparent);
    assert.equal(atKitchen?.traceId, TRACE_ID);
    assert.equal(atLast?.traceId, TRACE_ID);
    assert.equal(traceOf(last.headers['ce-traceparent'])?.traceId, TRACE_ID);
    assert.equal(receiver.spans.length, 0, 'nothing exported before the flush');
    assert.equal(await ebb.stop(), 0);

    const spans = receiver.spans.filter((s) => s.traceId === TRACE_ID);
    const names = spans.map((s) => s.name).sort();
    const one = (name: string, parent?: string): ReceivedSpan => {
      const found = spans.filter(
        (s) => s.name === name && (parent === undefined || s.parentSpanId === parent),
      );
      assert.equal(found.length, 1, `one ${name} span under ${parent}: ${names.join(', ')}`);
      return found[0]!;
    };
    const ingress = one('broker:default.default', SENDER_SPAN);
    const orders = one('trigger:orders.default', ingress.spanId);
    const replyIngress = one('broker:default.default', orders.spanId);
    const cooked = one('trigger:cooked.default', replyIngress.spanId);
    assert.equal(
      atKitchen?.spanId,
      orders.spanId,
      'the service is a child of the delivery span (router passes it)',
    );
    assert.equal(atLast?.spanId, cooked.spanId);

    assert.equal(ingress.kind, 2, 'ingress: SERVER');
    assert.equal(orders.kind, 3, 'delivery: CLIENT');
    assert.equal(ingress.resource['service.name'], 'ebb-e2e');
    assert.equal(ingress.attributes['kn.broker.name'], 'default');
    assert.equal(ingress.attributes['cloudevents.type'], 'order.placed');
    assert.equal(ingress.attributes['http.response.status_code'], 202);
    assert.equal(orders.attributes['messaging.destination.name'], 'trigger:orders.default');
    assert.equal(orders.attributes['messaging.system'], 'knative');
    assert.equal(orders.attributes['http.response.status_code'], 200);
    assert.equal(cooked.attributes['cloudevents.type'], 'order.cooked');
    assert.equal(cooked.attributes['cloudevents.source'], '/kitchen');
  });
});
