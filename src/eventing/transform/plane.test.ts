import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { Agent, request } from 'undici';
import { parseHttpEvents } from '../cloudevents/index.js';
import type { EventRecord } from '../types.js';
import { TransformPlane, type TransformPlaneOptions, type TransformSpec } from './plane.js';
import { ORDER_EXPRESSION, ORDER_INPUT, ORDER_OUTPUT } from './testing.js';

const HOST = 't-jsonata.default.svc.cluster.local';
const IDENTITY =
  '{ "specversion": "1.0", "id": id, "source": source, "type": "transformed." & type, "data": data }';
const http = new Agent();
const servers: Server[] = [];
after(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await http.close();
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startPlane(spec: Partial<TransformSpec>, opts: Partial<TransformPlaneOptions> = {}) {
  const plane = new TransformPlane({ http, ...opts });
  const result = plane.upsert({ id: 'default/t', host: HOST, expression: IDENTITY, ...spec });
  assert.deepEqual(result, { ok: true });
  const url = await listen((req, res) => {
    if (!plane.handle(req, res, HOST)) res.writeHead(404).end();
  });
  return { plane, url };
}

/** A sink recording what it gets and answering with `answer`. */
async function startSink(answer: (event: EventRecord, res: ServerResponse) => void) {
  const received: EventRecord[] = [];
  const url = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [event] = parseHttpEvents(req.headers, Buffer.concat(chunks));
      received.push(event!);
      answer(event!, res);
    });
  });
  return { url, received };
}

const binary = {
  'ce-specversion': '1.0',
  'ce-id': 'e1',
  'ce-source': '/src',
  'ce-type': 'order.created',
  'content-type': 'application/json',
};

async function post(url: string, headers: Record<string, string>, body: string) {
  const res = await request(url, { method: 'POST', headers, body });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

test('transform plane - without sink, the transformed event is the 200 reply (structured mode)', async () => {
  const { url } = await startPlane({});
  const res = await post(url, binary, '{"n":1}');
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^application\/cloudevents\+json/);
  const out = JSON.parse(res.text);
  assert.equal(out.type, 'transformed.order.created');
  assert.deepEqual(out.data, { n: 1 });
  const structured = await post(
    url,
    { 'content-type': 'application/cloudevents+json' },
    JSON.stringify({ specversion: '1.0', id: 'e2', source: '/s', type: 'x', data: { n: 2 } }),
  );
  assert.equal(JSON.parse(structured.text).type, 'transformed.x');
});

test('transform plane - with sink, the documented order example reaches the sink in binary mode', async () => {
  const sink = await startSink((_e, res) => res.writeHead(202).end());
  const { url } = await startPlane({ expression: ORDER_EXPRESSION, sink: { uri: sink.url } });
  const res = await post(url, { 'content-type': 'application/json' }, JSON.stringify(ORDER_INPUT));
  assert.equal(res.status, 202);
  const [event] = sink.received;
  const { data, ...attributes } = ORDER_OUTPUT;
  assert.deepEqual(event!.attributes, { ...attributes, datacontenttype: 'application/json' });
  assert.deepEqual(JSON.parse(event!.data!.toString()), data);
});

test('transform plane - the sink reply is transformed, discarded, or passed through', async () => {
  const replying = await startSink((e, res) =>
    res
      .writeHead(200, {
        'ce-specversion': '1.0',
        'ce-id': `r-${e.attributes.id}`,
        'ce-source': '/sink',
        'ce-type': 'reply',
        'content-type': 'application/json',
      })
      .end('{"ok":true}'),
  );
  const transformed = await startPlane({
    sink: { uri: replying.url },
    reply: {
      expression:
        '{ "specversion": "1.0", "id": id, "source": "t", "type": "reply.transformed", "data": data }',
    },
  });
  const r1 = await post(transformed.url, binary, '{}');
  assert.equal(r1.status, 200);
  assert.deepEqual(JSON.parse(r1.text), {
    specversion: '1.0',
    id: 'r-e1',
    source: 't',
    type: 'reply.transformed',
    datacontenttype: 'application/json',
    data: { ok: true },
  });
  const discarding = await startPlane({ sink: { uri: replying.url }, reply: { discard: true } });
  const r2 = await post(discarding.url, binary, '{}');
  assert.deepEqual([r2.status, r2.text], [200, '']);
  const passing = await startPlane({ sink: { uri: replying.url } });
  const r3 = await post(passing.url, binary, '{}');
  assert.deepEqual([r3.status, r3.headers['ce-type'], r3.text], [200, 'reply', '{"ok":true}']);
});

test('transform plane - failures answer with a status and the reason', async () => {
  const failures: string[] = [];
  const { url } = await startPlane(
    { expression: '{ "specversion": "1.0", "id": id, "source": source, "type": $number(data.n) }' },
    { maxBodyBytes: 64, onFailure: (id, e) => failures.push(`${id} ${e.status}`) },
  );
  const runtime = await post(url, binary, '{"n":"x"}');
  assert.equal(runtime.status, 500);
  assert.match(
    runtime.text,
    /^transformation expression failed: Unable to cast value to a number: "x" \(D3030, position \d+\)/,
  );
  const output = await post(url, binary, '{"n":3}');
  assert.equal(output.status, 500);
  assert.match(
    output.text,
    /did not produce a valid CloudEvent: attribute type must be a string, got number/,
  );
  const large = await post(url, binary, JSON.stringify({ n: 'y'.repeat(100) }));
  assert.equal(large.status, 413);
  assert.match(large.text, /limit of 64 bytes \(maxBodyBytes\)/);
  const malformed = await post(url, { ...binary, 'ce-id': '' }, '{}');
  assert.equal(malformed.status, 400);
  assert.deepEqual(failures, ['default/t 500', 'default/t 500', 'default/t 413', 'default/t 400']);
  const unresolved = await startPlane({ sink: { unavailable: 'Broker default/nope not found' } });
  const u = await post(unresolved.url, binary, '{}');
  assert.deepEqual(
    [u.status, u.text],
    [503, "the EventTransform's sink is not available: Broker default/nope not found\n"],
  );
});

test('transform plane - upsert refuses an expression that does not compile and keeps the old one', async () => {
  const plane = new TransformPlane({ http });
  assert.deepEqual(plane.upsert({ id: 'a/b', host: 'h', expression: IDENTITY }), { ok: true });
  const bad = plane.upsert({ id: 'a/b', host: 'h', expression: '{ "a": ' });
  assert.equal(bad.ok, false);
  assert.deepEqual(plane.hosts(), ['h']);
  plane.remove('a/b');
  assert.deepEqual(plane.hosts(), []);
});
