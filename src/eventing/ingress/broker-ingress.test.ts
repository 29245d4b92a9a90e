/**
 * The broker ingress on a real HTTP server and a real SQLite log: what gets stored, when 202 is sent,
 * and every refusal with its status and message.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { openTestLog, type TestLog } from '../dispatcher/testing.js';
import type { EventLog, EventRecord } from '../types.js';
import { BrokerIngress, brokerPath } from './broker-ingress.js';

const STREAM = 'default/orders';

interface Harness {
  url: string;
  ingress: BrokerIngress;
  appends: EventRecord[][];
  accepted: [string, string, number][];
  /** When set, appends wait for it. */
  gate?: Promise<void>;
  failAppends?: boolean;
  close(): Promise<void>;
}

async function startIngress(log: EventLog, maxBodyBytes?: number): Promise<Harness> {
  const h = { appends: [], accepted: [] } as unknown as Harness;
  const append: EventLog['append'] = async (stream, events) => {
    h.appends.push(events);
    if (h.gate) await h.gate;
    if (h.failAppends) throw new Error('disk full');
    return log.append(stream, events);
  };
  const spy = new Proxy(log, {
    get: (target, prop) => {
      if (prop === 'append') return append;
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  h.ingress = new BrokerIngress({
    log: spy,
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
    onAccepted: (ns, name, count) => h.accepted.push([ns, name, count]),
  });
  h.ingress.setBroker('default', 'orders', { stream: STREAM });
  const server: Server = createServer((req, res) => {
    if (!h.ingress.handle(req, res)) {
      res.writeHead(418);
      res.end('not a broker path');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  h.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return h;
}

const binary = (id: string, extra: Record<string, string> = {}) => ({
  'ce-specversion': '1.0',
  'ce-id': id,
  'ce-source': '/test',
  'ce-type': 'order.created',
  'content-type': 'application/json',
  ...extra,
});

async function post(url: string, headers: Record<string, string>, body = '{"n":1}', method = 'POST') {
  const res = await request(url, { method: method as 'POST', headers, body: method === 'GET' ? null : body });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

describe('broker ingress', () => {
  let t: TestLog;
  let h: Harness;
  before(async () => {
    t = await openTestLog();
    h = await startIngress(t.log, 64 * 1024);
  });
  after(async () => {
    await h.close();
    await t.cleanup();
  });

  it('ingress - binary event: 202, stored with knativearrivaltime and knativebrokerttl 255', async () => {
    const head = await t.log.head(STREAM);
    const before = Date.now();
    const res = await post(`${h.url}/default/orders`, binary('b1'));
    assert.equal(res.status, 202);
    const [stored] = await t.log.read(STREAM, head, 10);
    assert.equal(stored!.event.attributes.id, 'b1');
    assert.equal(stored!.event.attributes.knativebrokerttl, '255');
    const arrival = Date.parse(stored!.event.attributes.knativearrivaltime!);
    assert.ok(arrival >= before - 1 && arrival <= Date.now(), 'arrival time is now');
    assert.equal(stored!.event.data?.toString(), '{"n":1}');
    assert.deepEqual(h.accepted.at(-1), ['default', 'orders', 1]);
  });

  it('ingress - a positive knativebrokerttl is kept; 0, negative or non-integer is refused with 400', async () => {
    const head = await t.log.head(STREAM);
    assert.equal(
      (await post(`${h.url}/default/orders`, binary('t7', { 'ce-knativebrokerttl': '7' }))).status,
      202,
    );
    const [stored] = await t.log.read(STREAM, head, 1);
    assert.equal(stored!.event.attributes.knativebrokerttl, '7');
    for (const ttl of ['0', '-3']) {
      const res = await post(`${h.url}/default/orders`, binary('t0', { 'ce-knativebrokerttl': ttl }));
      assert.equal(res.status, 400);
      assert.match(res.text, /knativebrokerttl exhausted: event is looping/);
    }
    const bad = await post(`${h.url}/default/orders`, binary('tx', { 'ce-knativebrokerttl': 'abc' }));
    assert.equal(bad.status, 400);
    assert.match(bad.text, /knativebrokerttl must be an integer, was: "abc"/);
    assert.equal(await t.log.head(STREAM), head + 1, 'nothing refused was stored');
  });

  it('ingress - structured and batch mode; a batch is one append, all or nothing', async () => {
    const head = await t.log.head(STREAM);
    const structured = JSON.stringify({
      specversion: '1.0',
      id: 's1',
      source: '/x',
      type: 'a',
      data: { k: 1 },
    });
    assert.equal(
      (await post(`${h.url}/default/orders`, { 'content-type': 'application/cloudevents+json' }, structured))
        .status,
      202,
    );
    const appendsBefore = h.appends.length;
    const batch = JSON.stringify(
      ['x1', 'x2', 'x3'].map((id) => ({ specversion: '1.0', id, source: '/x', type: 'a' })),
    );
    const res = await post(
      `${h.url}/default/orders`,
      { 'content-type': 'application/cloudevents-batch+json' },
      batch,
    );
    assert.equal(res.status, 202);
    assert.equal(h.appends.length, appendsBefore + 1, 'one append for the whole batch');
    assert.deepEqual(h.accepted.at(-1), ['default', 'orders', 3]);
    const stored = await t.log.read(STREAM, head, 10);
    assert.deepEqual(
      stored.map((s) => s.event.attributes.id),
      ['s1', 'x1', 'x2', 'x3'],
    );
    assert.ok(stored.every((s) => s.event.attributes.knativebrokerttl === '255'));
    const arrivals = new Set(stored.slice(1).map((s) => s.event.attributes.knativearrivaltime));
    assert.equal(arrivals.size, 1, 'one arrival time per request');

    const looping = JSON.stringify([
      { specversion: '1.0', id: 'ok', source: '/x', type: 'a' },
      { specversion: '1.0', id: 'loop', source: '/x', type: 'a', knativebrokerttl: '0' },
    ]);
    const refused = await post(
      `${h.url}/default/orders`,
      { 'content-type': 'application/cloudevents-batch+json' },
      looping,
    );
    assert.equal(refused.status, 400);
    assert.equal(await t.log.head(STREAM), head + 4, 'no part of a refused batch is stored');
  });

  it('ingress - 202 only after the append is durable; a failed append answers 500', async () => {
    let open!: () => void;
    h.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let answered = false;
    const pending = post(`${h.url}/default/orders`, binary('slow')).then((r) => {
      answered = true;
      return r;
    });
    await sleep(100);
    assert.equal(answered, false, 'no answer while the append is pending');
    open();
    assert.equal((await pending).status, 202);
    h.gate = undefined;

    const head = await t.log.head(STREAM);
    h.failAppends = true;
    try {
      const res = await post(`${h.url}/default/orders`, binary('lost'));
      assert.equal(res.status, 500);
      assert.match(res.text, /could not store the events in default\/orders: disk full/);
    } finally {
      h.failAppends = false;
    }
    assert.equal(await t.log.head(STREAM), head);
  });

  it('ingress - 405 for other methods with Allow; OPTIONS answers the webhook handshake', async () => {
    const get = await post(`${h.url}/default/orders`, {}, '', 'GET');
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST, OPTIONS');
    const options = await request(`${h.url}/default/orders`, {
      method: 'OPTIONS',
      headers: { 'webhook-request-origin': 'eventemitter.example.com' },
    });
    await options.body.dump();
    assert.equal(options.statusCode, 200);
    assert.equal(options.headers['webhook-allowed-origin'], '*');
    assert.equal(options.headers['webhook-allowed-rate'], '*');
  });

  it('ingress - 413 names the limit, for a declared and for a chunked body', async () => {
    const big = 'x'.repeat(70 * 1024);
    const declared = await post(`${h.url}/default/orders`, binary('big'), big);
    assert.equal(declared.status, 413);
    assert.match(declared.text, /larger than the broker ingress limit of 65536 bytes/);
    const chunked = await request(`${h.url}/default/orders`, {
      method: 'POST',
      headers: binary('big2'),
      body: Readable.from(
        (function* () {
          for (let i = 0; i < 10; i++) yield Buffer.alloc(10 * 1024, 'y');
        })(),
      ),
    });
    assert.equal(chunked.statusCode, 413);
    await chunked.body.dump();
  });

  it('ingress - 404 for an unknown broker, 400 for a malformed event, 415 for a non-CloudEvent', async () => {
    const nope = await post(`${h.url}/default/nope`, binary('n'));
    assert.equal(nope.status, 404);
    assert.equal(nope.text.trim(), 'broker default/nope not found');
    const noId = await post(`${h.url}/default/orders`, {
      'ce-specversion': '1.0',
      'ce-source': '/x',
      'ce-type': 't',
    });
    assert.equal(noId.status, 400);
    assert.match(noId.text, /id/);
    const plain = await post(`${h.url}/default/orders`, { 'content-type': 'text/plain' }, 'hello');
    assert.equal(plain.status, 415);
    assert.match(plain.text, /not a CloudEvent/);
  });

  it('ingress - a removed broker is not found; other path shapes are not the ingress’s', async () => {
    h.ingress.setBroker('team', 'tmp', { stream: 'team/tmp' });
    assert.equal((await post(`${h.url}/team/tmp`, binary('tmp'))).status, 202);
    h.ingress.removeBroker('team', 'tmp');
    assert.equal((await post(`${h.url}/team/tmp`, binary('tmp'))).status, 404);
    for (const path of ['/', '/default', '/default/orders/extra']) {
      assert.equal((await post(`${h.url}${path}`, binary('p'))).status, 418, path);
    }
    assert.deepEqual(brokerPath('/default/orders/?x=1'), ['default', 'orders']);
    assert.equal(brokerPath('//orders'), undefined);
  });

  it('ingress - a client that disconnects mid-body stores nothing', async () => {
    const appends = h.appends.length;
    const { port } = new URL(h.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    const headers = Object.entries(binary('torn'))
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(
      `POST /default/orders HTTP/1.1\r\nhost: x\r\n${headers}content-length: 1000\r\n\r\n{"partial":`,
    );
    await sleep(50);
    socket.destroy();
    await sleep(100);
    assert.equal(h.appends.length, appends);
  });
});
