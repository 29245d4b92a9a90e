import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { downstreamResponseHeaders, hostHeader, upstreamRequestHeaders } from './headers.js';

/** The two fields of a request the header rewriting reads. */
const incoming = (rawHeaders: string[], remoteAddress: string) =>
  ({ rawHeaders, socket: { remoteAddress } }) as unknown as IncomingMessage;

function rewrite(rawHeaders: string[], remoteAddress = '127.0.0.1') {
  const out: string[] = [];
  const hasBody = upstreamRequestHeaders(incoming(rawHeaders, remoteAddress), out);
  const headers: Record<string, string> = {};
  for (let i = 0; i < out.length; i += 2) headers[out[i]!.toLowerCase()] = out[i + 1]!;
  return { hasBody, headers, names: out.filter((_, i) => i % 2 === 0) };
}

test('headers - Forwarded quotes IPv6 clients and hosts with ports, and appends to an earlier hop', () => {
  const { headers } = rewrite(['Host', 'a.default.localhost:8080', 'Forwarded', 'for=192.0.2.1'], '::1');
  assert.equal(headers.forwarded, 'for=192.0.2.1, for="[::1]";host="a.default.localhost:8080";proto=http');
  assert.equal(headers['x-forwarded-for'], '::1');
  assert.equal(
    rewrite(['Host', 'a.default.localhost']).headers.forwarded,
    'for=127.0.0.1;host=a.default.localhost;proto=http',
  );
});

test('headers - keeps X-Forwarded-Proto/Host set by a proxy in front, joins repeated X-Forwarded-For', () => {
  const { headers } = rewrite([
    'Host',
    'a.default.localhost',
    'X-Forwarded-Proto',
    'https',
    'X-Forwarded-Host',
    'shop.example.com',
    'X-Forwarded-For',
    '198.51.100.1',
    'X-Forwarded-For',
    '198.51.100.2',
  ]);
  assert.equal(headers['x-forwarded-proto'], 'https');
  assert.equal(headers['x-forwarded-host'], 'shop.example.com');
  assert.equal(headers['x-forwarded-for'], '198.51.100.1, 198.51.100.2, 127.0.0.1');
});

test('headers - drops hop-by-hop request headers and the ones Connection names; detects a body', () => {
  const { names, hasBody } = rewrite([
    'Host',
    'a',
    'Connection',
    'keep-alive, X-Secret',
    'X-Secret',
    '1',
    'Keep-Alive',
    'timeout=5',
    'Transfer-Encoding',
    'chunked',
    'TE',
    'trailers',
    'Upgrade',
    'h2c',
    'Proxy-Authorization',
    'x',
    'Expect',
    '100-continue',
    'Traceparent',
    '00-abc-def-01',
  ]);
  assert.deepEqual(names, [
    'Traceparent',
    'x-forwarded-for',
    'forwarded',
    'x-forwarded-proto',
    'host',
    'x-forwarded-host',
  ]);
  assert.equal(hasBody, true);
  assert.equal(rewrite(['Host', 'a', 'Content-Length', '0']).hasBody, false);
  assert.equal(rewrite(['Host', 'a', 'Content-Length', '12']).hasBody, true);
  assert.equal(rewrite(['Host', 'a']).hasBody, false);
});

test('headers - response hop-by-hop headers are dropped, the rest kept in order with repeats', () => {
  const raw = [
    'Content-Type',
    'text/plain',
    'Set-Cookie',
    'a=1',
    'Set-Cookie',
    'b=2',
    'Connection',
    'keep-alive',
    'Keep-Alive',
    'timeout=5',
    'Transfer-Encoding',
    'chunked',
    'Proxy-Authenticate',
    'Basic',
  ].map((s) => Buffer.from(s, 'latin1'));
  assert.deepEqual(downstreamResponseHeaders(raw), [
    'Content-Type',
    'text/plain',
    'Set-Cookie',
    'a=1',
    'Set-Cookie',
    'b=2',
  ]);
});

test('headers - finds Host in any case', () => {
  assert.equal(hostHeader(incoming(['accept', '*/*', 'HOST', 'x.localhost'], '127.0.0.1')), 'x.localhost');
  assert.equal(hostHeader(incoming(['accept', '*/*'], '127.0.0.1')), undefined);
});
