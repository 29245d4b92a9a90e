/**
 * SinkBinding end to end against a real `ebb up`: a plain Knative Service (a tiny node server that reads
 * K_SINK and posts a CloudEvent there when asked) bound to a Broker emits through a Trigger to a
 * subscriber; the binding waits for a missing subject (SubjectMissing) and a missing sink (NoAddressable)
 * and picks them up when they appear; re-applying the Service keeps the variables, deleting the binding
 * removes them; bad fields are 422s naming them.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually, ingressGet } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const NS = '/apis/eventing.knative.dev/v1/namespaces/default';
const BINDINGS = '/apis/sources.knative.dev/v1/namespaces/default/sinkbindings';
const HOST = 'emitter.default.localhost';

/** The Service's program: GET /env shows the binding's variables, GET /emit posts a CloudEvent to K_SINK. */
const SERVER = `import { createServer } from 'node:http';
let n = 0;
createServer(async (req, res) => {
  const { K_SINK, K_CE_OVERRIDES } = process.env;
  if (req.url === '/env') return res.end(JSON.stringify({ K_SINK: K_SINK ?? null, K_CE_OVERRIDES: K_CE_OVERRIDES ?? null }));
  if (!K_SINK) return res.writeHead(503).end('no K_SINK');
  const headers = { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'emit-' + process.pid + '-' + ++n,
    'ce-type': 'e2e.sinkbinding', 'ce-source': '/e2e/emitter' };
  for (const [k, v] of Object.entries(K_CE_OVERRIDES ? JSON.parse(K_CE_OVERRIDES).extensions ?? {} : {})) headers['ce-' + k] = v;
  const sent = await fetch(K_SINK, { method: 'POST', headers, body: JSON.stringify({ n }) });
  res.writeHead(sent.status).end();
}).listen(process.env.PORT);
`;

const SERVICE = `apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: emitter, labels: { app: shop } }
spec:
  template:
    spec:
      containers:
        - command: [node, server.mjs]
`;

const brokerSink = (name: string) => ({
  ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name },
});
const binding = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'SinkBinding',
  metadata: { name },
  spec,
});

describe('sinkbinding', { timeout: 180_000 }, () => {
  let ebb: EbbProcess;
  let sub: Subscriber;
  const dir = tmpDataDir('ebb-sinkbinding-');
  const cli = (...args: string[]) => runCli(args, { server: ebb.apiUrl });
  const condition = async (name: string, type: string) => {
    const res = await apiCall(ebb.apiUrl, 'GET', `${BINDINGS}/${name}`);
    return (res.body?.status?.conditions ?? []).find((c: any) => c.type === type);
  };
  const envOf = async () => JSON.parse((await ingressGet(ebb.ingressUrl, HOST, '/env')).text);

  before(async () => {
    ebb = await startEbb();
    sub = await startSubscriber();
    writeFileSync(join(dir, 'server.mjs'), SERVER);
    writeFileSync(join(dir, 'service.yaml'), SERVICE);
    const broker = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default' } };
    assert.equal((await apiCall(ebb.apiUrl, 'POST', `${NS}/brokers`, broker)).status, 201);
    const trigger = {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 'emitted' },
      spec: {
        broker: 'default',
        filter: { attributes: { type: 'e2e.sinkbinding' } },
        subscriber: { uri: sub.url },
      },
    };
    assert.equal((await apiCall(ebb.apiUrl, 'POST', `${NS}/triggers`, trigger)).status, 201);
    assert.equal((await cli('wait', 'trigger', 'emitted', '--timeout', '30s')).code, 0);
  });
  after(async () => {
    await ebb?.stop();
    await sub?.close();
  });

  test('sinkbinding - a missing subject is SubjectMissing; the Service, once applied, emits to the broker', async () => {
    const created = await apiCall(
      ebb.apiUrl,
      'POST',
      BINDINGS,
      binding('bind', {
        subject: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'emitter' },
        sink: brokerSink('default'),
        ceOverrides: { extensions: { bound: 'yes' } },
      }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const missing = await eventually('SubjectMissing', async () => {
      const c = await condition('bind', 'SinkBindingAvailable');
      return c?.reason === 'SubjectMissing' ? c : undefined;
    });
    assert.equal(missing.status, 'False');
    assert.equal(missing.message, 'services.serving.knative.dev "emitter" not found');
    assert.equal((await condition('bind', 'Ready')).reason, 'SubjectMissing');

    const applied = await cli('apply', '-f', join(dir, 'service.yaml'));
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal((await cli('wait', 'ksvc', 'emitter', '--timeout', '60s')).code, 0);
    const ready = await cli('wait', 'sinkbinding', 'bind', '--timeout', '30s');
    assert.equal(ready.code, 0, ready.stderr);
    const brokerUrl = `${ebb.ingressUrl}/default/default`;
    const env = await eventually('K_SINK in the Service', async () => {
      const e = await envOf();
      return e.K_SINK ? e : undefined;
    });
    assert.deepEqual(env, { K_SINK: brokerUrl, K_CE_OVERRIDES: '{"extensions":{"bound":"yes"}}' });

    const emitted = await ingressGet(ebb.ingressUrl, HOST, '/emit');
    assert.equal(emitted.status, 202, emitted.text);
    const got = await eventually('the event at the subscriber', async () => sub.received[0]);
    assert.equal(got.event.attributes.type, 'e2e.sinkbinding');
    assert.equal(got.event.attributes.bound, 'yes');

    const table = await cli('get', 'sinkbinding');
    assert.match(table.stdout, /^NAME\s+SINK\s+AGE\s+READY\s+REASON\n/);
    assert.match(table.stdout, new RegExp(`\\nbind\\s+${brokerUrl}\\s+\\d+s\\s+True\\s*\\n`));
  });

  test('sinkbinding - re-applying the manifest keeps K_SINK; deleting the binding removes it', async () => {
    const again = await cli('apply', '-f', join(dir, 'service.yaml'));
    assert.equal(again.stdout.trim(), 'service.serving.knative.dev/emitter unchanged');
    assert.ok((await envOf()).K_SINK, 'still bound after the re-apply');
    const deleted = await cli('delete', 'sinkbinding', 'bind');
    assert.equal(deleted.code, 0, deleted.stderr);
    await eventually('K_SINK gone', async () => ((await envOf()).K_SINK === null ? true : undefined));
    assert.deepEqual(await envOf(), { K_SINK: null, K_CE_OVERRIDES: null });
    const emitted = await ingressGet(ebb.ingressUrl, HOST, '/emit');
    assert.equal(emitted.status, 503);
    assert.equal(emitted.text, 'no K_SINK');
  });

  test('sinkbinding - a sink that does not resolve is NoAddressable; a selector binds once the broker exists', async () => {
    const created = await apiCall(
      ebb.apiUrl,
      'POST',
      BINDINGS,
      binding('late', {
        subject: {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Service',
          selector: { matchLabels: { app: 'shop' } },
        },
        sink: brokerSink('later'),
      }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const sink = await eventually('NoAddressable', async () => {
      const c = await condition('late', 'SinkProvided');
      return c?.status === 'False' ? c : undefined;
    });
    assert.equal(sink.reason, 'NoAddressable');
    assert.match(
      sink.message,
      /^Addressable could not be extracted from destination: .*Broker default\/later/,
    );
    assert.equal((await condition('late', 'Ready')).reason, 'NoAddressable');
    assert.equal((await envOf()).K_SINK, null, 'nothing injected while the sink does not resolve');

    const broker = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'later' } };
    assert.equal((await apiCall(ebb.apiUrl, 'POST', `${NS}/brokers`, broker)).status, 201);
    assert.equal((await cli('wait', 'sinkbinding', 'late', '--timeout', '30s')).code, 0);
    await eventually('K_SINK of the later broker', async () =>
      (await envOf()).K_SINK === `${ebb.ingressUrl}/default/later` ? true : undefined,
    );
    assert.equal((await envOf()).K_CE_OVERRIDES, '', 'set, empty, without ceOverrides');
  });

  test('sinkbinding - bad fields are 422 Invalid with Knative field paths', async () => {
    const res = await apiCall(
      ebb.apiUrl,
      'POST',
      BINDINGS,
      binding('bad', {
        subject: { apiVersion: 'serving.knative.dev/v1', kind: 'Not-A-Kind', name: 'x', selector: {} },
      }),
    );
    assert.equal(res.status, 422);
    assert.equal(res.body.reason, 'Invalid');
    const fields = res.body.details.causes.map((c: any) => c.field).sort();
    assert.deepEqual(fields, [
      'spec.sink',
      'spec.subject.kind',
      'spec.subject.name',
      'spec.subject.selector',
    ]);
  });
});
