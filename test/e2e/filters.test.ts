/**
 * Trigger filters end to end, in the spirit of Knative's new-trigger-filters conformance features: each
 * dialect (exact, prefix, suffix, all, any, not, cesql) on its own trigger of one broker, `filters`
 * winning over `filter`, a CESQL result cast to Boolean as Knative's brokers do (a binary-mode extension is
 * a string), and CESQL syntax errors rejected at apply time with the position.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { type EbbProcess, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const TRIGGERS = '/apis/eventing.knative.dev/v1/namespaces/default/triggers';

const EVENTS = [
  {
    id: 'e1',
    type: 'com.example.order.created',
    source: '/orders/eu',
    subject: 'order-1.json',
    priority: '9',
  },
  {
    id: 'e2',
    type: 'com.example.order.cancelled',
    source: '/orders/us',
    subject: 'order-2.xml',
    priority: '2',
  },
  { id: 'e3', type: 'com.example.invoice.created', source: '/billing', subject: 'inv-3.json' },
  { id: 'e4', type: 'org.other.ping', source: '/orders/eu', subject: 'ping' },
];

const CASES: { name: string; filters: unknown[]; filter?: unknown; want: string[] }[] = [
  { name: 'exact', filters: [{ exact: { type: 'com.example.order.created' } }], want: ['e1'] },
  { name: 'prefix', filters: [{ prefix: { type: 'com.example.order.' } }], want: ['e1', 'e2'] },
  { name: 'suffix', filters: [{ suffix: { subject: '.json' } }], want: ['e1', 'e3'] },
  {
    name: 'all',
    filters: [{ all: [{ prefix: { type: 'com.example.' } }, { exact: { source: '/orders/eu' } }] }],
    want: ['e1'],
  },
  {
    name: 'any',
    filters: [{ any: [{ exact: { source: '/billing' } }, { suffix: { type: '.ping' } }] }],
    want: ['e3', 'e4'],
  },
  { name: 'not', filters: [{ not: { prefix: { type: 'com.example.' } } }], want: ['e4'] },
  {
    name: 'cesql',
    filters: [{ cesql: "source LIKE '/orders/%' AND EXISTS priority AND INT(priority) > 5" }],
    want: ['e1'],
  },
  {
    name: 'filters-win',
    filter: { attributes: { type: 'org.other.ping' } },
    filters: [{ exact: { source: '/billing' } }],
    want: ['e3'],
  },
];

describe('trigger filters', () => {
  let ebb: EbbProcess;
  const subscribers: Subscriber[] = [];
  before(async () => {
    ebb = await startEbb();
  });
  after(async () => {
    await ebb?.stop();
    await Promise.all(subscribers.map((s) => s.close()));
  });

  test('each dialect selects exactly its events through a broker; filters wins over filter', async () => {
    const broker = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'filters' } };
    assert.equal(
      (await apiCall(ebb.apiUrl, 'POST', '/apis/eventing.knative.dev/v1/namespaces/default/brokers', broker))
        .status,
      201,
    );
    for (const c of CASES) {
      const s = await startSubscriber();
      subscribers.push(s);
      const res = await apiCall(ebb.apiUrl, 'POST', TRIGGERS, {
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Trigger',
        metadata: { name: `f-${c.name}` },
        spec: {
          broker: 'filters',
          subscriber: { uri: s.url },
          filters: c.filters,
          ...(c.filter ? { filter: c.filter } : {}),
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const out = await runCli(['wait', 'trigger', `f-${c.name}`, '--timeout', '20s'], {
        server: ebb.apiUrl,
      });
      assert.equal(out.code, 0, out.stderr);
    }
    for (const e of EVENTS) {
      const headers: Record<string, string> = { 'ce-specversion': '1.0' };
      for (const [k, v] of Object.entries(e)) headers[`ce-${k}`] = v;
      const res = await request(`${ebb.ingressUrl}/default/filters`, { method: 'POST', headers });
      await res.body.dump();
      assert.equal(res.statusCode, 202);
    }
    const total = CASES.reduce((n, c) => n + c.want.length, 0);
    await eventually('filtered deliveries', async () =>
      subscribers.reduce((n, s) => n + s.accepted.size, 0) >= total ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 300));
    CASES.forEach((c, i) => {
      assert.deepEqual([...subscribers[i]!.accepted].sort(), c.want, c.name);
    });
  });

  test('a CESQL filter result is cast to Boolean: `mybool` matches ce-mybool: true sent in binary mode', async () => {
    const broker = {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: 'cesql-cast' },
    };
    assert.equal(
      (await apiCall(ebb.apiUrl, 'POST', '/apis/eventing.knative.dev/v1/namespaces/default/brokers', broker))
        .status,
      201,
    );
    const s = await startSubscriber();
    subscribers.push(s);
    const res = await apiCall(ebb.apiUrl, 'POST', TRIGGERS, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 'cesql-mybool' },
      spec: { broker: 'cesql-cast', subscriber: { uri: s.url }, filters: [{ cesql: 'mybool' }] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const out = await runCli(['wait', 'trigger', 'cesql-mybool', '--timeout', '20s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
    // The CESQL kit's "optional boolean extension" case, through a broker: in binary mode it is a string.
    const values: [string, string | undefined][] = [
      ['b-true', 'true'],
      ['b-upper', 'TRUE'],
      ['b-false', 'false'],
      ['b-yes', 'yes'],
      ['b-absent', undefined],
    ];
    for (const [id, mybool] of values) {
      const headers: Record<string, string> = {
        'ce-specversion': '1.0',
        'ce-id': id,
        'ce-source': '/cesql',
        'ce-type': 'com.example.flag',
      };
      if (mybool !== undefined) headers['ce-mybool'] = mybool;
      const sent = await request(`${ebb.ingressUrl}/default/cesql-cast`, { method: 'POST', headers });
      await sent.body.dump();
      assert.equal(sent.statusCode, 202);
    }
    // `ebb event send` writes headers by the same policy as the dispatchers: any UTF-8 arrives intact.
    const subject = 'ünïcode 火 say "hi" 100%';
    const cli = await runCli(
      ['event', 'send', '--to', 'broker/cesql-cast', '--type', 'com.example.flag', '--source', '/cli'].concat(
        ['--id', 'b-cli', '--subject', subject, '--extension', 'mybool=true'],
      ),
      { server: ebb.apiUrl },
    );
    assert.equal(cli.code, 0, cli.stderr);
    await eventually('the matching events', async () => (s.accepted.size >= 3 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual([...s.accepted].sort(), ['b-cli', 'b-true', 'b-upper']);
    assert.equal(
      s.received.find((r) => r.event.attributes.id === 'b-cli')?.event.attributes.subject,
      subject,
    );
  });

  test('a CESQL syntax error is a 422 naming spec.filters[N].cesql and the position; nothing is stored', async () => {
    const res = await apiCall(ebb.apiUrl, 'POST', TRIGGERS, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 'bad-cesql' },
      spec: {
        broker: 'filters',
        subscriber: { uri: 'http://127.0.0.1:9/' },
        filters: [{ exact: { type: 'x' } }, { cesql: "type = 'a' AND (source = 'b'" }],
      },
    });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    const cause = res.body.details.causes.find((c: any) => c.field === 'spec.filters[1].cesql');
    assert.ok(cause, JSON.stringify(res.body.details.causes));
    assert.match(cause.message, /position \d+/);
    assert.equal((await apiCall(ebb.apiUrl, 'GET', `${TRIGGERS}/bad-cesql`)).status, 404);
  });
});
