/**
 * EventTransform end to end against a real `ebb up`: Knative's documented JSONata examples — the order
 * restructuring sent to the transform's address with a sink, and the field extraction as a Trigger's
 * subscriber whose reply goes back through the Broker to a second Trigger — a syntax error refused
 * with 422 on `spec.jsonata.expression`, a runtime error retried and dead-lettered with
 * `knativeerrorcode`, a sink that does not resolve (NoAddressable), and the `ebb get` columns.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { ORDER_EXPRESSION, ORDER_INPUT, ORDER_OUTPUT } from '../../src/eventing/transform/testing.js';
import { type EbbProcess, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const TRANSFORMS = '/apis/eventing.knative.dev/v1alpha1/namespaces/default/eventtransforms';
const transformRef = (name: string) => ({
  ref: { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'EventTransform', name },
});
const eventTransform = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'eventing.knative.dev/v1alpha1',
  kind: 'EventTransform',
  metadata: { name },
  spec,
});
const trigger = (name: string, type: string, subscriber: unknown, delivery?: unknown) => ({
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Trigger',
  metadata: { name },
  spec: {
    broker: 'default',
    filter: { attributes: { type } },
    subscriber,
    ...(delivery ? { delivery } : {}),
  },
});

/** The README's "Field Extraction" example (knative.dev/docs eventing/transforms). */
const EXTRACT_USER_ID = `{
  "specversion": "1.0",
  "id": id,
  "type": "user.extracted",
  "source": "transform.user-extractor",
  "time": time,
  "userid": data.user.id,
  "data": $
}`;

describe('eventtransform', () => {
  let ebb: EbbProcess;
  let sink: Subscriber;
  let extracted: Subscriber;
  let dls: Subscriber;
  const apply = async (...objects: unknown[]) => {
    const out = await runCli(['apply', '-f', '-'], {
      server: ebb.apiUrl,
      input: objects.map((o) => JSON.stringify(o)).join('\n---\n'),
    });
    return out;
  };
  const applyOk = async (...objects: unknown[]) => {
    const out = await apply(...objects);
    assert.equal(out.code, 0, out.stderr);
  };
  const waitReady = async (kind: string, name: string) => {
    const out = await runCli(['wait', kind, name, '--timeout', '20s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr + out.stdout);
  };
  const send = async (type: string, data: unknown) => {
    const out = await runCli(
      [
        'event',
        'send',
        '--to',
        'broker/default',
        '--type',
        type,
        '--source',
        '/e2e',
        '--data',
        JSON.stringify(data),
      ],
      { server: ebb.apiUrl },
    );
    assert.equal(out.code, 0, out.stderr);
  };

  before(async () => {
    [ebb, sink, extracted, dls] = await Promise.all([
      startEbb(),
      startSubscriber(),
      startSubscriber(),
      startSubscriber(),
    ]);
    await applyOk({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default' } });
    await waitReady('broker', 'default');
  });
  after(async () => {
    await ebb?.stop();
    await Promise.all([sink, extracted, dls].map((s) => s?.close()));
  });

  test('eventtransform - the documented order example reaches the sink as the documented event', async () => {
    await applyOk(
      eventTransform('order-processor', {
        sink: { uri: sink.url },
        jsonata: { expression: ORDER_EXPRESSION },
      }),
    );
    await waitReady('eventtransform', 'order-processor');
    const res = await apiCall(ebb.apiUrl, 'GET', `${TRANSFORMS}/order-processor`);
    const port = new URL(ebb.ingressUrl).port;
    const url = `http://order-processor-jsonata.default.svc.cluster.local:${port}`;
    assert.deepEqual(res.body.status.address, { name: 'http', url });
    assert.equal(res.body.status.sinkUri, sink.url);
    // Knative's example input is a plain JSON body: the transformer takes it as the input document.
    const answer = await request(ebb.ingressUrl, {
      method: 'POST',
      headers: { host: new URL(url).host, 'content-type': 'application/json' },
      body: JSON.stringify(ORDER_INPUT),
    });
    await answer.body.text();
    assert.equal(answer.statusCode, 202, 'the sink status is the answer');
    const [got] = sink.received;
    const { data, ...attributes } = ORDER_OUTPUT;
    assert.deepEqual(got!.event.attributes, { ...attributes, datacontenttype: 'application/json' });
    assert.deepEqual(JSON.parse(got!.event.data!.toString()), data);
  });

  test('eventtransform - field extraction as a Trigger subscriber: the reply reaches a second Trigger', async () => {
    await applyOk(eventTransform('extract-user-id', { jsonata: { expression: EXTRACT_USER_ID } }));
    await waitReady('eventtransform', 'extract-user-id');
    await applyOk(
      trigger('to-transform', 'user.created', transformRef('extract-user-id')),
      trigger('extracted', 'user.extracted', { uri: extracted.url }),
    );
    await waitReady('trigger', 'to-transform');
    await waitReady('trigger', 'extracted');
    await send('user.created', { user: { id: 'u-42', name: 'Ada' } });
    const { event } = await eventually('the extracted event', async () => extracted.received[0]);
    assert.equal(event.attributes.type, 'user.extracted');
    assert.equal(event.attributes.source, 'transform.user-extractor');
    assert.equal(event.attributes.userid, 'u-42');
    const body = JSON.parse(event.data!.toString());
    assert.equal(body.type, 'user.created', 'data is the whole input event ($)');
    assert.deepEqual(body.data, { user: { id: 'u-42', name: 'Ada' } });
  });

  test('eventtransform - a JSONata syntax error is a 422 naming spec.jsonata.expression', async () => {
    const bad = eventTransform('broken', { jsonata: { expression: '{ "specversion": "1.0", "id": id,' } });
    const res = await apiCall(ebb.apiUrl, 'POST', TRANSFORMS, bad);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.details.causes, [
      {
        field: 'spec.jsonata.expression',
        message: 'invalid JSONata expression: Expected ":" before end of expression (S0203, position 33)',
        reason: 'FieldValueInvalid',
      },
    ]);
    const out = await apply(bad);
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /spec\.jsonata\.expression/);
    assert.equal((await apiCall(ebb.apiUrl, 'GET', `${TRANSFORMS}/broken`)).status, 404, 'nothing stored');
  });

  test('eventtransform - an evaluation error is retried, then dead-lettered with knativeerrorcode', async () => {
    await applyOk(eventTransform('fails', { jsonata: { expression: '$error("cannot transform " & id)' } }));
    await waitReady('eventtransform', 'fails');
    await applyOk(
      trigger('to-failing', 'order.bad', transformRef('fails'), {
        retry: 1,
        backoffPolicy: 'linear',
        backoffDelay: 'PT0.1S',
        deadLetterSink: { uri: dls.url },
      }),
    );
    await waitReady('trigger', 'to-failing');
    await send('order.bad', { n: 1 });
    const { event } = await eventually('the dead-lettered event', async () => dls.received[0]);
    assert.equal(event.attributes.type, 'order.bad');
    assert.equal(event.attributes.knativeerrorcode, '500');
    const reason = Buffer.from(event.attributes.knativeerrordata!, 'base64').toString();
    assert.match(reason, /^transformation expression failed: cannot transform \S+ \(D3137, position \d+\)/);
  });

  test('eventtransform - a sink that does not resolve is NoAddressable; ebb get shows URL, SINK, READY, REASON', async () => {
    await applyOk(
      eventTransform('to-nowhere', {
        sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'missing' } },
        jsonata: { expression: EXTRACT_USER_ID },
      }),
    );
    const ready = await eventually('to-nowhere not Ready', async () => {
      const res = await apiCall(ebb.apiUrl, 'GET', `${TRANSFORMS}/to-nowhere`);
      const c = res.body?.status?.conditions?.find((x: { type: string }) => x.type === 'Ready');
      return c?.status === 'False' ? c : undefined;
    });
    assert.equal(ready.reason, 'NoAddressable');
    assert.equal(
      ready.message,
      'Addressable could not be extracted from destination: failed to get object Broker default/missing: not found',
    );
    const out = await runCli(['get', 'eventtransforms'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
    const [header, ...rows] = out.stdout.trim().split('\n');
    assert.match(header!, /^NAME\s+URL\s+SINK\s+READY\s+REASON/);
    const row = (name: string) => rows.find((r) => r.startsWith(`${name} `))!.split(/\s+/);
    assert.deepEqual(row('to-nowhere').slice(1, 3), ['False', 'NoAddressable']);
    const port = new URL(ebb.ingressUrl).port;
    assert.deepEqual(row('order-processor').slice(1, 4), [
      `http://order-processor-jsonata.default.svc.cluster.local:${port}`,
      sink.url,
      'True',
    ]);
  });
});
