/**
 * Functions end to end: handlers written to a temporary folder next to a Service manifest whose container
 * runs `ebb func serve ./handler.ts`, applied with `ebb apply -f` against one `ebb up`, as `func deploy`
 * would deploy them (httpGet probes on /health/readiness and /health/liveness). Covers an HTTP reply
 * through the router, a CloudEvent reply re-entering a Broker, init/shutdown around scale to zero and back,
 * the health endpoints, a thrown error, a compile error on the Revision, and an npm dependency.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { stringify } from 'yaml';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import {
  BROKEN,
  GREET,
  HEALTH,
  LIFECYCLE,
  PRICER,
  THROW_LINE,
  THROWS,
  WITH_MS,
} from '../helpers/function-handlers.js';
import { apiCall, eventually } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const REV = '/apis/serving.knative.dev/v1/namespaces/default/revisions';
const BROKERS = '/apis/eventing.knative.dev/v1/namespaces/default/brokers';
const TRIGGERS = '/apis/eventing.knative.dev/v1/namespaces/default/triggers';

interface Deploy {
  files: Record<string, string>;
  env?: (dir: string) => Record<string, string>;
  /** Runs in the function's folder before the manifest is applied (e.g. npm install). */
  prepare?: (dir: string) => Promise<void>;
}

/** The Service `func deploy` would make for a handler: httpGet probes on the runtime's health paths. */
function manifest(name: string, env: Record<string, string>) {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      template: {
        metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '0' } },
        spec: {
          containers: [
            {
              image: `ebb.dev/functions/${name}`,
              command: ['ebb', 'func', 'serve', './handler.ts'],
              env: Object.entries(env).map(([k, value]) => ({ name: k, value })),
              readinessProbe: { httpGet: { path: '/health/readiness' } },
              livenessProbe: { httpGet: { path: '/health/liveness' } },
            },
          ],
        },
      },
    },
  };
}

function npm(args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd, timeout: 90_000 }, (err, stdout, stderr) =>
      resolve({ ok: !err, output: `${stdout}${stderr}${err ? `\n${err.message}` : ''}` }),
    );
  });
}

describe('functions', () => {
  let ebb: EbbProcess;
  const subscribers: Subscriber[] = [];
  const cli = async (...args: string[]) => {
    const out = await runCli(args, { server: ebb.apiUrl });
    assert.equal(out.code, 0, `ebb ${args.join(' ')}: ${out.stderr}${out.stdout}`);
    return out.stdout;
  };
  const deploy = async (name: string, d: Deploy): Promise<string> => {
    const dir = tmpDataDir(`ebb-fn-${name}-`);
    for (const [file, text] of Object.entries(d.files)) writeFileSync(join(dir, file), text);
    await d.prepare?.(dir);
    const file = join(dir, 'service.yaml');
    writeFileSync(file, stringify(manifest(name, d.env?.(dir) ?? {})));
    assert.match(await cli('apply', '-f', file), /created/);
    return dir;
  };
  const create = async (path: string, obj: unknown) => {
    const res = await apiCall(ebb.apiUrl, 'POST', path, obj);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const waitReady = (name: string) => cli('wait', 'ksvc', name, '--timeout', '30s');
  const call = async (name: string, path = '/', init: { method?: string; body?: unknown } = {}) => {
    const res = await request(`${ebb.ingressUrl}${path}`, {
      method: (init.method ?? 'GET') as 'GET',
      headers: {
        host: `${name}.default.localhost`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  };
  const revision = async (name: string) => (await apiCall(ebb.apiUrl, 'GET', `${REV}/${name}-00001`)).body;
  const condition = (rev: any, type: string) => rev?.status?.conditions?.find((c: any) => c.type === type);

  before(async () => {
    ebb = await startEbb();
    // Scale to zero after 6 s idle (Knative's minimum stable window) and a 1 s grace period.
    await create('/api/v1/namespaces/knative-serving/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
      data: { 'stable-window': '6s', 'scale-to-zero-grace-period': '1s' },
    });
  });
  after(async () => {
    await ebb?.stop();
    await Promise.all(subscribers.map((s) => s.close()));
  });

  let lifecycleDir = '';
  let firstPid = 0;

  test('init runs before the first request: the handler answers what init set', async () => {
    lifecycleDir = await deploy('lifecycle', {
      files: { 'handler.ts': LIFECYCLE },
      env: (dir) => ({ SHUTDOWN_MARKER: join(dir, 'shutdown.json') }),
    });
    await waitReady('lifecycle');
    const res = await call('lifecycle');
    assert.equal(res.status, 200, res.text);
    const body = JSON.parse(res.text);
    assert.equal(body.greeting, 'set by init');
    assert.equal(body.served, 1);
    firstPid = body.pid;
    assert.ok(!existsSync(join(lifecycleDir, 'shutdown.json')), 'shutdown ran while serving');
  });

  test('http: a TS handler answers through the router with its status, headers and JSON body', async () => {
    await deploy('greet', { files: { 'handler.ts': GREET } });
    await waitReady('greet');
    const res = await call('greet', '/?currency=USD', { method: 'POST', body: { item: 'tea', quantity: 3 } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers['x-order-total'], '7.5');
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(res.text), { item: 'tea', total: 7.5, method: 'POST', currency: 'USD' });
    const logs = await cli('logs', 'ksvc/greet');
    assert.match(logs, /function \S*handler\.ts listening on http:\/\/127\.0\.0\.1:\d+ \(loaded in \d+ ms\)/);
    assert.match(logs, /info: pricing 3 x tea/);
  });

  test("cloudevents: a function's reply event re-enters the broker and reaches a second trigger", async () => {
    const recorder = await startSubscriber();
    subscribers.push(recorder);
    await create(BROKERS, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: 'orders' },
      spec: {},
    });
    await deploy('pricer', { files: { 'handler.ts': PRICER } });
    const trigger = (name: string, type: string, subscriber: unknown) =>
      create(TRIGGERS, {
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Trigger',
        metadata: { name },
        spec: { broker: 'orders', filter: { attributes: { type } }, subscriber },
      });
    await trigger('to-pricer', 'dev.ebb.order.created', {
      ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'pricer' },
    });
    await trigger('priced', 'dev.ebb.order.priced', { uri: recorder.url });
    await cli('wait', 'broker', 'orders', '--timeout', '20s');
    await waitReady('pricer');
    await cli('wait', 'trigger', 'to-pricer', '--timeout', '20s');
    await cli('wait', 'trigger', 'priced', '--timeout', '20s');
    const sent = await request(`${ebb.ingressUrl}/default/orders`, {
      method: 'POST',
      headers: {
        'ce-specversion': '1.0',
        'ce-id': 'order-1',
        'ce-type': 'dev.ebb.order.created',
        'ce-source': '/e2e',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ item: 'tea', quantity: 4 }),
    });
    await sent.body.dump();
    assert.equal(sent.statusCode, 202);
    const got = await eventually('the priced event at the second trigger', async () => recorder.received[0]);
    const a = got.event.attributes;
    assert.deepEqual(
      { type: a.type, source: a.source, orderid: a.orderid },
      { type: 'dev.ebb.order.priced', source: '/functions/pricer', orderid: 'order-1' },
    );
    assert.deepEqual(JSON.parse(got.event.data!.toString('utf8')), { item: 'tea', quantity: 4, total: 10 });
    await sleep(300);
    assert.equal(recorder.received.length, 1, 'only the reply reaches the second trigger');
  });

  test("health: /health/readiness and /health/liveness answer, and the Function's readiness gates the replica", async () => {
    let gate = '';
    await deploy('health', {
      files: { 'handler.ts': HEALTH },
      env: (dir) => {
        gate = join(dir, 'ready');
        return { READY_FILE: gate };
      },
    });
    // The process listens but its readiness() throws: the revision must not get a ready replica.
    await eventually('the health function listening', async () =>
      /listening on/.test(await cli('logs', 'ksvc/health')) ? true : undefined,
    );
    await sleep(1000);
    const waiting = await revision('health');
    assert.equal(waiting.status.actualReplicas ?? 0, 0, JSON.stringify(waiting.status));
    assert.notEqual(condition(waiting, 'Ready')?.status, 'True');
    writeFileSync(gate, '');
    await waitReady('health');
    const readiness = await call('health', '/health/readiness');
    assert.deepEqual([readiness.status, readiness.text], [200, 'warmed up']);
    const liveness = await call('health', '/health/liveness');
    assert.deepEqual([liveness.status, liveness.text], [200, 'alive']);
    assert.deepEqual([(await call('health', '/')).text], ['served']);
  });

  test('a thrown error is a 500 naming it, with the stack in ebb logs', async () => {
    await deploy('throws', { files: { 'handler.ts': THROWS } });
    await waitReady('throws');
    assert.deepEqual([(await call('throws', '/?id=7')).text], ['order 7']);
    const res = await call('throws', '/');
    assert.equal(res.status, 500);
    assert.equal(res.text, 'OrderError: no order id in the query');
    const logs = await eventually('the stack in the logs', async () => {
      const out = await cli('logs', 'ksvc/throws');
      return /the function threw/.test(out) ? out : undefined;
    });
    assert.match(logs, /error: the function threw on GET \/: OrderError: no order id in the query/);
    assert.match(logs, new RegExp(`at (Object\\.)?handle \\(\\S*handler\\.ts:${THROW_LINE}:\\d+\\)`));
  });

  test('a syntax error in the handler: the Revision is Ready=False with handler.ts:LINE:COL', async (t) => {
    await deploy('broken', { files: { 'handler.ts': BROKEN } });
    const rev = await eventually(
      'broken-00001 Ready=False',
      async () => {
        const r = await revision('broken');
        return condition(r, 'Ready')?.status === 'False' ? r : undefined;
      },
      30_000,
    );
    const ready = condition(rev, 'Ready');
    t.diagnostic(`Ready: ${ready.reason}: ${ready.message}`);
    assert.equal(ready.reason, 'ExitCode1');
    assert.match(ready.message, /cannot compile \S*handler\.ts:/);
    assert.match(ready.message, /handler\.ts:2:21: error: Expected "}" but found ";"/);
    assert.match(condition(rev, 'ContainerHealthy').message, /handler\.ts:2:\d+: error/);
  });

  test('a handler with its own npm dependency (ms, installed from the registry) works', async (t) => {
    let installed = '';
    const dir = await deploy('with-ms', {
      files: {
        'handler.ts': WITH_MS,
        'package.json': JSON.stringify({ name: 'with-ms', private: true, type: 'module' }),
      },
      prepare: async (dir) => {
        const r = await npm(['install', 'ms@2.1.3', '--no-audit', '--no-fund', '--loglevel=error'], dir);
        installed = r.ok ? '' : r.output;
      },
    });
    if (installed) {
      t.skip(`npm install ms failed (no registry?): ${installed.trim().split('\n').slice(-3).join(' / ')}`);
      return;
    }
    assert.ok(existsSync(join(dir, 'node_modules', 'ms', 'package.json')));
    await waitReady('with-ms');
    const res = await call('with-ms', '/?d=2h');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(JSON.parse(res.text), { ms: 7_200_000, long: '2 minutes' });
  });

  test('shutdown runs on scale-down: once lifecycle is at zero its marker file exists', async () => {
    const marker = join(lifecycleDir, 'shutdown.json');
    await eventually(
      'lifecycle-00001 at zero replicas',
      async () => ((await revision('lifecycle')).status?.actualReplicas === 0 ? true : undefined),
      40_000,
    );
    const written = await eventually(
      'the shutdown marker',
      async () => (existsSync(marker) ? readFileSync(marker, 'utf8') : undefined),
      10_000,
    );
    assert.deepEqual(JSON.parse(written), { pid: firstPid, served: 1 });
    const logs = await cli('logs', 'ksvc/lifecycle');
    assert.match(logs, /info: SIGTERM: stopping/);
  });

  test('scale to zero and back: the next request starts a new replica, init runs again', async () => {
    const rev = await revision('lifecycle');
    assert.equal(rev.status.actualReplicas, 0);
    assert.equal(condition(rev, 'Active')?.status, 'False');
    assert.equal(condition(rev, 'Ready')?.status, 'True');
    const res = await call('lifecycle');
    assert.equal(res.status, 200, res.text);
    const body = JSON.parse(res.text);
    assert.equal(body.greeting, 'set by init');
    assert.equal(body.served, 1);
    assert.notEqual(body.pid, firstPid);
    await eventually('lifecycle-00001 back at one replica', async () =>
      (await revision('lifecycle')).status?.actualReplicas === 1 ? true : undefined,
    );
  });
});
