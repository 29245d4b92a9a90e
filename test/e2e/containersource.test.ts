/**
 * ContainerSource end to end against a real `ebb up`: an adapter (a small node program) whose sink does
 * not resolve yet (NoAddressable) starts when its Broker appears and its events reach a Trigger's
 * subscriber, with K_CE_OVERRIDES; a crashing adapter is restarted and its status says why (exit code and
 * last output), until a fixed template makes it Ready; a template change restarts it and deleting it stops
 * it; `ebb get` and `ebb logs` show it; bad fields are 422s naming them. Then, with a real RocketMQ,
 * `ebb adapter rocketmq` as a ContainerSource delivers RocketMQ messages to a Broker (skipped, saying why,
 * without Java).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { produceMany } from '../../src/rocketmq/index.js';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { rocketmqSkip, rocketmqSuite } from '../helpers/rocketmq.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const NS = '/apis/eventing.knative.dev/v1/namespaces/default';
const SOURCES = '/apis/sources.knative.dev/v1/namespaces/default/containersources';

/** Exits 2 without TOPIC; else writes its pid to PID_FILE, posts one CloudEvent to K_SINK and idles. */
const ADAPTER = `import { writeFileSync } from 'node:fs';
const { K_SINK, K_CE_OVERRIDES, TOPIC, PID_FILE } = process.env;
console.log('reading config');
if (!TOPIC) { console.error('fatal: TOPIC is not set'); process.exit(2); }
writeFileSync(PID_FILE, String(process.pid));
const headers = { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': TOPIC + '-' + process.pid,
  'ce-type': 'e2e.containersource', 'ce-source': '/e2e/' + TOPIC };
for (const [k, v] of Object.entries(K_CE_OVERRIDES ? JSON.parse(K_CE_OVERRIDES).extensions ?? {} : {})) headers['ce-' + k] = v;
const res = await fetch(K_SINK, { method: 'POST', headers, body: JSON.stringify({ topic: TOPIC }) });
console.log('sent ' + res.status);
setInterval(() => {}, 1000);
`;

const brokerSink = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };
const containerSource = (name: string, container: Record<string, unknown>, extra = {}) => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ContainerSource',
  metadata: { name },
  spec: { sink: brokerSink, template: { spec: { containers: [container] } }, ...extra },
});
const env = (vars: Record<string, string>) => Object.entries(vars).map(([name, value]) => ({ name, value }));

/** Creates the default Broker and a Trigger for `type` to a new subscriber. */
async function brokerAndTrigger(ebb: EbbProcess, type: string): Promise<Subscriber> {
  const sub = await startSubscriber();
  const broker = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default' } };
  assert.equal((await apiCall(ebb.apiUrl, 'POST', `${NS}/brokers`, broker)).status, 201);
  const trigger = {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Trigger',
    metadata: { name: 'adapter-events' },
    spec: { broker: 'default', filter: { attributes: { type } }, subscriber: { uri: sub.url } },
  };
  assert.equal((await apiCall(ebb.apiUrl, 'POST', `${NS}/triggers`, trigger)).status, 201);
  const waited = await runCli(['wait', 'trigger', 'adapter-events', '--timeout', '30s'], {
    server: ebb.apiUrl,
  });
  assert.equal(waited.code, 0, waited.stderr);
  return sub;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('containersource', { timeout: 180_000 }, () => {
  let ebb: EbbProcess;
  let sub: Subscriber | undefined;
  const dir = tmpDataDir('ebb-containersource-');
  const script = join(dir, 'adapter.mjs');
  const cli = (...args: string[]) => runCli(args, { server: ebb.apiUrl });
  const conditionOf = async (name: string, type: string) => {
    const res = await apiCall(ebb.apiUrl, 'GET', `${SOURCES}/${name}`);
    return (res.body?.status?.conditions ?? []).find((c: any) => c.type === type);
  };
  const create = async (obj: unknown) => {
    const res = await apiCall(ebb.apiUrl, 'POST', SOURCES, obj);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const pidOf = (name: string) => Number(readFileSync(join(dir, `${name}.pid`), 'utf8'));

  before(async () => {
    ebb = await startEbb();
    writeFileSync(script, ADAPTER);
  });
  after(async () => {
    await ebb?.stop();
    await sub?.close();
  });

  test('containersource - NoAddressable until the broker exists; then its events reach a trigger', async () => {
    await create(
      containerSource(
        'orders',
        { command: ['node', script], env: env({ TOPIC: 'orders', PID_FILE: join(dir, 'orders.pid') }) },
        { ceOverrides: { extensions: { team: 'shop' } } },
      ),
    );
    const sink = await eventually('NoAddressable', async () => {
      const c = await conditionOf('orders', 'SinkBindingReady');
      return c?.status === 'False' ? c : undefined;
    });
    assert.equal(sink.reason, 'NoAddressable');
    assert.match(
      sink.message,
      /^Addressable could not be extracted from destination: .*Broker default\/default/,
    );
    assert.equal((await conditionOf('orders', 'Ready')).reason, 'NoAddressable');

    sub = await brokerAndTrigger(ebb, 'e2e.containersource');
    const waited = await cli('wait', 'containersource', 'orders', '--timeout', '30s');
    assert.equal(waited.code, 0, `${waited.stderr}\n${ebb.output().slice(-2000)}`);
    const got = await eventually('the adapter event at the subscriber', async () => sub!.received[0]);
    assert.equal(got.event.attributes.source, '/e2e/orders');
    assert.equal(got.event.attributes.team, 'shop', 'K_CE_OVERRIDES reached the adapter');

    const table = await cli('get', 'containersource');
    assert.match(table.stdout, /^NAME\s+SINK\s+AGE\s+READY\s+REASON\n/);
    assert.match(
      table.stdout,
      new RegExp(`\\norders\\s+${ebb.ingressUrl}/default/default\\s+\\d+s\\s+True\\s*\\n`),
    );
    const logs = await cli('logs', 'containersource/orders');
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /\[default\/orders#1\] sent 202\n/);
  });

  test('containersource - a crash is restarted and its status says why; a fixed template makes it Ready', async () => {
    await create(containerSource('crasher', { command: ['node', script] }));
    const crashed = await eventually('ExitCode2 with the last output', async () => {
      const c = await conditionOf('crasher', 'ReceiveAdapterReady');
      return c?.reason === 'ExitCode2' && /\d+ restarts/.test(c.message) ? c : undefined;
    });
    assert.equal(crashed.status, 'False');
    assert.match(
      crashed.message,
      /^Container failed with exit code 2 \(\d+ restarts\): reading config\nfatal: TOPIC is not set$/,
    );
    assert.equal((await conditionOf('crasher', 'Ready')).reason, 'ExitCode2');
    const logs = await cli('logs', 'containersource/crasher');
    assert.match(logs.stdout, /\[default\/crasher#2\] fatal: TOPIC is not set/, 'restarted');

    const current = await apiCall(ebb.apiUrl, 'GET', `${SOURCES}/crasher`);
    current.body.spec.template.spec.containers[0].env = env({
      TOPIC: 'fixed',
      PID_FILE: join(dir, 'crasher.pid'),
    });
    assert.equal((await apiCall(ebb.apiUrl, 'PUT', `${SOURCES}/crasher`, current.body)).status, 200);
    assert.equal((await cli('wait', 'containersource', 'crasher', '--timeout', '30s')).code, 0);
    await eventually('the fixed adapter event', async () =>
      sub!.received.find((r) => r.event.attributes.source === '/e2e/fixed'),
    );
  });

  test('containersource - a template change restarts the adapter and deleting it stops it', async () => {
    const first = await eventually('the orders pid', async () => pidOf('orders') || undefined);
    const current = await apiCall(ebb.apiUrl, 'GET', `${SOURCES}/orders`);
    current.body.spec.template.spec.containers[0].env.push({ name: 'LEVEL', value: 'debug' });
    assert.equal((await apiCall(ebb.apiUrl, 'PUT', `${SOURCES}/orders`, current.body)).status, 200);
    const second = await eventually('a new process', async () =>
      pidOf('orders') !== first ? pidOf('orders') : undefined,
    );
    await eventually('the old process gone', async () => (alive(first) ? undefined : true));
    assert.equal((await cli('delete', 'containersource', 'orders')).code, 0);
    await eventually('the adapter stopped', async () => (alive(second) ? undefined : true));
  });

  test('containersource - a missing sink and bad fields are 422 Invalid with their field paths', async () => {
    const res = await apiCall(ebb.apiUrl, 'POST', SOURCES, {
      ...containerSource('bad', { env: [{ name: '1BAD', value: 'x' }] }),
      spec: {
        template: { spec: { containers: [{ env: [{ name: '1BAD', value: 'x' }] }, { image: 'sidecar' }] } },
      },
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.reason, 'Invalid');
    const fields = res.body.details.causes.map((c: any) => c.field).sort();
    assert.deepEqual(fields, [
      'spec.sink',
      'spec.template.spec.containers',
      'spec.template.spec.containers[0].command',
      'spec.template.spec.containers[0].env[0].name',
      'spec.template.spec.containers[0].image',
    ]);
  });
});

describe('containersource running ebb adapter rocketmq', { skip: rocketmqSkip, timeout: 600_000 }, () => {
  const s = rocketmqSuite(async (mq) => {
    await Promise.all([mq.createTopic('ebb-container'), mq.createGroup('ebb-container-group')]);
  });

  test('containersource - `ebb adapter rocketmq` delivers RocketMQ messages to a Broker', async () => {
    const sub = await s.subscriber();
    const broker = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default' } };
    assert.equal((await apiCall(s.ebb.apiUrl, 'POST', `${NS}/brokers`, broker)).status, 201);
    const trigger = {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 'orders' },
      spec: { broker: 'default', subscriber: { uri: sub.url } },
    };
    assert.equal((await apiCall(s.ebb.apiUrl, 'POST', `${NS}/triggers`, trigger)).status, 201);
    const adapter = containerSource(
      'rocketmq-orders',
      {
        command: ['ebb', 'adapter', 'rocketmq'],
        env: env({
          ROCKETMQ_ENDPOINTS: s.mq.proxyEndpoint,
          ROCKETMQ_TOPIC: 'ebb-container',
          ROCKETMQ_CONSUMER_GROUP: 'ebb-container-group',
          NAMESPACE: 'default',
          NAME: 'orders',
        }),
      },
      { ceOverrides: { extensions: { via: 'containersource' } } },
    );
    assert.equal((await apiCall(s.ebb.apiUrl, 'POST', SOURCES, adapter)).status, 201);
    const cli = (...args: string[]) => runCli(args, { server: s.ebb.apiUrl });
    const waited = await cli('wait', 'containersource', 'rocketmq-orders', '--timeout', '60s');
    assert.equal(waited.code, 0, `${waited.stderr}\n${s.ebb.output().slice(-2000)}`);
    await eventually(
      'the adapter consuming',
      async () =>
        /consuming ebb-container/.test((await cli('logs', 'containersource/rocketmq-orders')).stdout)
          ? true
          : undefined,
      60_000,
    );
    const bodies = Array.from({ length: 10 }, (_, i) => JSON.stringify({ order: i }));
    const ids = await produceMany(
      s.mq.proxyEndpoint,
      'ebb-container',
      bodies.map((body) => ({ body, tag: 'created' })),
    );
    await eventually(
      'every message at the subscriber',
      async () => (ids.every((id) => sub.accepted.has(id)) ? true : undefined),
      60_000,
    );
    const event = sub.received.find((r) => r.event.attributes.id === ids[0])!.event;
    assert.equal(event.attributes.source, '/apis/v1/namespaces/default/rocketmqsources/orders#ebb-container');
    assert.equal(event.attributes.type, 'dev.knative.rocketmq.event');
    assert.equal(event.attributes.via, 'containersource');
    assert.equal(event.attributes.rocketmqtag, 'created');
  });
});
