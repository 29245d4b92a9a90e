/**
 * The header policy against the JavaScript SDK (`cloudevents` on npm) over real HTTP: what its emitter
 * sends reaches Ebb as sent, and what Ebb delivers is what its `HTTP.toEvent` reads — exactly for ASCII
 * values (spaces, quotes, `%`), and for non-ASCII ones once the Latin-1 strings Node's http server gives
 * are read back as UTF-8 (the SDK does not; README, "CloudEvents header values").
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { CloudEvent, emitterFor, HTTP, httpTransport } from 'cloudevents';
import { request } from 'undici';
import { headerText } from './header-value.js';
import { parseHttpEvents } from './parse.js';
import { toBinaryHttp } from './write.js';

interface Capture {
  url: string;
  last(): { headers: IncomingHttpHeaders; body: Buffer };
  close(): void;
}

async function capture(): Promise<Capture> {
  let last = { headers: {} as IncomingHttpHeaders, body: Buffer.alloc(0) };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      last = { headers: req.headers, body: Buffer.concat(chunks) };
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    last: () => last,
    close: () => server.close(),
  };
}

const ASCII = { sspace: 'hello world', squote: 'say "hi"', spercent: '100%', sliteral: 'a%20b' };

test('header values sdk - what the JavaScript SDK emits reaches Ebb as sent (Latin-1 bytes included)', async () => {
  const sink = await capture();
  try {
    const emit = emitterFor(httpTransport(sink.url));
    await emit(
      new CloudEvent({ id: 'js-1', source: '/js', type: 't', subject: 'ünïcode', ...ASCII, data: { hi: 1 } }),
    );
    const { headers, body } = sink.last();
    assert.equal(headers['ce-subject'], '\xfcn\xefcode', 'Node writes the string as Latin-1 bytes');
    const [event] = parseHttpEvents(headers, body);
    assert.equal(event!.attributes.subject, 'ünïcode');
    for (const [name, value] of Object.entries(ASCII)) assert.equal(event!.attributes[name], value, name);
  } finally {
    sink.close();
  }
});

test('header values sdk - what Ebb delivers is what the JavaScript SDK reads', async () => {
  const sink = await capture();
  try {
    const attributes = {
      specversion: '1.0',
      id: 'e-1',
      source: '/ebb',
      type: 't',
      subject: 'ünïcode 火',
      ...ASCII,
    };
    const message = toBinaryHttp({ attributes });
    const res = await request(sink.url, { method: 'POST', headers: message.headers, body: '' });
    await res.body.dump();
    const { headers, body } = sink.last();
    const sdk = HTTP.toEvent({ headers, body }) as CloudEvent;
    for (const [name, value] of Object.entries(ASCII)) assert.equal(sdk[name], value, name);
    assert.equal(
      sdk.subject,
      Buffer.from('ünïcode 火').toString('latin1'),
      'raw UTF-8, read as Latin-1 by Node',
    );
    const reread = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, headerText(String(v))]));
    assert.equal((HTTP.toEvent({ headers: reread, body }) as CloudEvent).subject, 'ünïcode 火');
  } finally {
    sink.close();
  }
});
