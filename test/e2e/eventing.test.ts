/**
 * Eventing end to end against a real `ebb up`: Knative's delivery matrix through a broker (trigger vs
 * broker delivery, retries, dead-letter sinks with the error extensions), the CloudEvents conformance
 * samples in binary and structured mode, malformed requests, and ordered delivery with failures.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import {
  binaryRequest,
  conformanceDir,
  structuredRequest,
  yamlSamples,
} from '../../src/eventing/cloudevents/conformance-samples.js';
import { type EbbProcess, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const BROKERS = '/apis/eventing.knative.dev/v1/namespaces/default/brokers';
const TRIGGERS = '/apis/eventing.knative.dev/v1/namespaces/default/triggers';

describe('eventing', () => {
  let ebb: EbbProcess;
  const subscribers: Subscriber[] = [];
  const subscriber = async (answer?: (attempt: number, type: string) => number) => {
    const s = await startSubscriber(answer ? { answer: (e, n) => answer(n, e.attributes.type ?? '') } : {});
    subscribers.push(s);
    return s;
  };
  const create = async (path: string, obj: unknown) => {
    const res = await apiCall(ebb.apiUrl, 'POST', path, obj);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const broker = async (name: string, delivery?: unknown, annotations?: Record<string, string>) => {
    await create(BROKERS, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name, ...(annotations ? { annotations } : {}) },
      spec: delivery ? { delivery } : {},
    });
    const out = await runCli(['wait', 'broker', name, '--timeout', '20s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
  };
  const trigger = async (
    name: string,
    spec: Record<string, unknown>,
    annotations?: Record<string, string>,
  ) => {
    await create(TRIGGERS, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name, ...(annotations ? { annotations } : {}) },
      spec,
    });
    const out = await runCli(['wait', 'trigger', name, '--timeout', '20s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
  };
  const post = async (brokerName: string, headers: Record<string, string>, body?: string | Buffer) => {
    const res = await request(`${ebb.ingressUrl}/default/${brokerName}`, {
      method: 'POST',
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    return { status: res.statusCode, text: await res.body.text() };
  };
  const send = (brokerName: string, id: string, type: string, extra: Record<string, string> = {}) =>
    post(brokerName, {
      'ce-specversion': '1.0',
      'ce-id': id,
      'ce-type': type,
      'ce-source': '/e2e',
      ...extra,
    });

  before(async () => {
    ebb = await startEbb();
  });
  after(async () => {
    await ebb?.stop();
    await Promise.all(subscribers.map((s) => s.close()));
  });

  test('delivery matrix: trigger vs broker delivery, retries, dead letters with error extensions, drops', async () => {
    const brokerDls = await subscriber();
    const triggerDls = await subscriber();
    await broker('matrix', {
      retry: 1,
      backoffPolicy: 'linear',
      backoffDelay: 'PT0.05S',
      deadLetterSink: { uri: brokerDls.url },
    });
    const failFirst = (n: number) => (attempt: number) => (attempt <= n ? 503 : 202);
    const cases = [
      // [type, subscriber failures, trigger delivery, expected outcome, expected attempts]
      { type: 'b-retry1-fail2', fails: 2, delivery: undefined, outcome: 'broker-dls', attempts: 2 },
      { type: 'b-retry1-fail1', fails: 1, delivery: undefined, outcome: 'delivered', attempts: 2 },
      {
        type: 't-retry3-fail2',
        fails: 2,
        delivery: { retry: 3 },
        outcome: 'trigger-dls-or-delivered',
        attempts: 3,
      },
      { type: 't-retry3-fail3', fails: 3, delivery: { retry: 3 }, outcome: 'delivered', attempts: 4 },
      { type: 't-retry3-fail4', fails: 4, delivery: { retry: 3 }, outcome: 'trigger-dls', attempts: 4 },
      { type: 't-retry0-fail2', fails: 2, delivery: { retry: 0 }, outcome: 'trigger-dls', attempts: 1 },
      {
        type: 't-retry1-nodls',
        fails: 4,
        delivery: { retry: 1, backoffDelay: 'PT0.05S' },
        outcome: 'dropped',
        attempts: 2,
      },
    ];
    const subs: Subscriber[] = [];
    for (const [i, c] of cases.entries()) {
      const s = await subscriber(failFirst(c.fails));
      subs.push(s);
      const delivery =
        c.delivery === undefined
          ? undefined
          : c.outcome === 'dropped'
            ? c.delivery
            : { backoffDelay: 'PT0.05S', ...c.delivery, deadLetterSink: { uri: triggerDls.url } };
      await trigger(`matrix-${i}`, {
        broker: 'matrix',
        filter: { attributes: { type: c.type } },
        subscriber: { uri: s.url },
        ...(delivery ? { delivery } : {}),
      });
    }
    for (const c of cases) assert.equal((await send('matrix', `id-${c.type}`, c.type)).status, 202);
    await eventually('all outcomes', async () => {
      const done = cases.every((c, i) => (subs[i]!.attempts.get(`id-${c.type}`) ?? 0) >= c.attempts);
      return done && brokerDls.received.length >= 1 && triggerDls.received.length >= 2 ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 500)); // nothing more may arrive
    for (const [i, c] of cases.entries()) {
      const attempts = subs[i]!.attempts.get(`id-${c.type}`);
      const inBroker = brokerDls.received.filter((r) => r.event.attributes.type === c.type);
      const inTrigger = triggerDls.received.filter((r) => r.event.attributes.type === c.type);
      const delivered = subs[i]!.accepted.has(`id-${c.type}`);
      const outcome = delivered
        ? 'delivered'
        : inBroker.length
          ? 'broker-dls'
          : inTrigger.length
            ? 'trigger-dls'
            : 'dropped';
      if (c.type === 't-retry3-fail2') {
        assert.equal(outcome, 'delivered', c.type);
        assert.equal(attempts, 3, c.type);
        continue;
      }
      assert.equal(outcome, c.outcome, c.type);
      assert.equal(attempts, c.attempts, `${c.type} attempts`);
      for (const dead of [...inBroker, ...inTrigger]) {
        const a = dead.event.attributes;
        assert.equal(a.knativeerrordest, subs[i]!.url, `${c.type} knativeerrordest`);
        assert.equal(a.knativeerrorcode, '503', `${c.type} knativeerrorcode`);
        const data = Buffer.from(a.knativeerrordata ?? '', 'base64').toString('utf8');
        assert.match(data, /failed with 503/, `${c.type} knativeerrordata`);
      }
    }
  });

  test('the CloudEvents conformance samples arrive intact in binary and structured mode', async (t) => {
    const dir = conformanceDir();
    if (!dir) {
      t.skip('shared/data/cloudevents-conformance not found');
      return;
    }
    const sink = await subscriber();
    await broker('conformance');
    await trigger('conformance-all', { broker: 'conformance', subscriber: { uri: sink.url } });
    const samples = yamlSamples(dir);
    assert.ok(samples.length > 0);
    const sent: { id: string; attributes: Record<string, string>; data: string | undefined }[] = [];
    for (const [i, sample] of samples.entries()) {
      for (const mode of ['binary', 'structured'] as const) {
        const id = `${sample.attributes.id ?? 'x'}-${i}-${mode}`;
        const s = { ...sample, attributes: { ...sample.attributes, id } };
        const req = mode === 'binary' ? binaryRequest(s) : structuredRequest(s);
        const res = await post('conformance', req.headers, req.body);
        assert.equal(res.status, 202, `${sample.name} (${mode}): ${res.text}`);
        sent.push({ id, attributes: s.attributes, data: sample.data });
      }
    }
    await eventually('all samples delivered', async () =>
      sink.accepted.size >= sent.length ? true : undefined,
    );
    for (const s of sent) {
      const got = sink.received.find((r) => r.event.attributes.id === s.id)!;
      for (const [name, value] of Object.entries(s.attributes)) {
        if (name === 'time')
          assert.equal(Date.parse(got.event.attributes.time!), Date.parse(value), `${s.id} time`);
        else assert.equal(got.event.attributes[name], value, `${s.id} ${name}`);
      }
      assert.ok(got.event.attributes.knativearrivaltime, 'the broker stamps arrival time');
      if (s.data !== undefined) {
        const body = got.event.data?.toString('utf8') ?? '';
        try {
          assert.deepEqual(JSON.parse(body), JSON.parse(s.data), `${s.id} data`);
        } catch {
          assert.equal(body, s.data, `${s.id} data`);
        }
      }
    }
  });

  test('malformed requests get the right status with a reason', async () => {
    await broker('strict');
    const ce = { 'ce-specversion': '1.0', 'ce-id': '1', 'ce-type': 't', 'ce-source': '/s' };
    const without = (k: string) => Object.fromEntries(Object.entries(ce).filter(([h]) => h !== k));
    const structured = { 'content-type': 'application/cloudevents+json' };
    const cases: [string, () => Promise<{ status: number; text: string }>, number, RegExp][] = [
      ['missing id', () => post('strict', without('ce-id')), 400, /id/],
      ['missing source', () => post('strict', without('ce-source')), 400, /source/],
      ['missing type', () => post('strict', without('ce-type')), 400, /type/],
      ['bad specversion', () => post('strict', { ...ce, 'ce-specversion': '2.0' }), 400, /specversion/],
      ['empty type', () => post('strict', { ...ce, 'ce-type': '' }), 400, /type/],
      ['bad time', () => post('strict', { ...ce, 'ce-time': 'yesterday' }), 400, /time/],
      ['invalid JSON', () => post('strict', structured, '{"specversion":'), 400, /JSON/i],
      [
        'structured missing id',
        () => post('strict', structured, JSON.stringify({ specversion: '1.0', type: 't', source: '/s' })),
        400,
        /id/,
      ],
      [
        'wrong content type',
        () => post('strict', { 'content-type': 'text/plain' }, 'hello'),
        415,
        /CloudEvent|content-type/i,
      ],
      [
        'batch element not an object',
        () => post('strict', { 'content-type': 'application/cloudevents-batch+json' }, '[1]'),
        400,
        /0|object/,
      ],
      [
        'bad data_base64',
        () =>
          post(
            'strict',
            structured,
            JSON.stringify({ specversion: '1.0', id: '1', type: 't', source: '/s', data_base64: '***' }),
          ),
        400,
        /base64/,
      ],
      ['ttl exhausted', () => post('strict', { ...ce, 'ce-knativebrokerttl': '0' }), 400, /ttl/i],
      ['oversize', () => post('strict', ce, Buffer.alloc(5 * 1024 * 1024, 97)), 413, /limit|large/i],
      [
        'GET',
        async () => {
          const r = await request(`${ebb.ingressUrl}/default/strict`, { method: 'GET' });
          return { status: r.statusCode, text: await r.body.text() };
        },
        405,
        /POST/,
      ],
      ['unknown broker', () => post('nope', ce), 404, /nope/],
      [
        'uppercase extension',
        () => post('strict', { ...ce, 'ce-BadName': 'x', 'ce-bad_name': 'y' }),
        400,
        /bad_name|name/i,
      ],
    ];
    assert.ok(cases.length >= 15);
    for (const [name, run, status, reason] of cases) {
      const res = await run();
      assert.equal(res.status, status, `${name}: ${res.text}`);
      assert.match(res.text, reason, name);
    }
    const options = await request(`${ebb.ingressUrl}/default/strict`, { method: 'OPTIONS' });
    await options.body.text();
    assert.equal(options.statusCode, 200);
    assert.equal(options.headers['webhook-allowed-origin'], '*');
  });

  test('ordered delivery: 10 partition keys x 200 events with injected failures arrive in order per key', async () => {
    let n = 0;
    // Every 7th first attempt fails; retries succeed.
    const sink = await subscriber((attempt) => (attempt === 1 && ++n % 7 === 0 ? 503 : 202));
    await broker('ordered', { retry: 5, backoffPolicy: 'linear', backoffDelay: 'PT0.01S' });
    await trigger(
      'ordered-all',
      { broker: 'ordered', subscriber: { uri: sink.url } },
      { 'kafka.eventing.knative.dev/delivery.order': 'ordered' },
    );
    const keys = 10;
    const perKey = 200;
    await Promise.all(
      Array.from({ length: keys }, async (_, k) => {
        for (let i = 0; i < perKey; i++) {
          const res = await send('ordered', `k${k}-${i}`, 'ordered.event', {
            'ce-partitionkey': `key-${k}`,
            'ce-seq': String(i),
          });
          assert.equal(res.status, 202);
        }
      }),
    );
    await eventually(
      '2,000 ordered events',
      async () => (sink.accepted.size >= keys * perKey ? true : undefined),
      60_000,
    );
    for (let k = 0; k < keys; k++) {
      const seqs = sink.received
        .filter(
          (r) => r.event.attributes.partitionkey === `key-${k}` && sink.accepted.has(r.event.attributes.id!),
        )
        .filter(
          (r, idx, all) => all.findIndex((x) => x.event.attributes.id === r.event.attributes.id) === idx,
        )
        .map((r) => Number(r.event.attributes.seq));
      assert.deepEqual(
        seqs,
        Array.from({ length: perKey }, (_, i) => i),
        `key-${k} in order`,
      );
    }
  });
});
