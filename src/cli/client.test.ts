import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ApiClient, resolveServer } from './client.js';
import { ApiStatusError, formatError, UnreachableError } from './errors.js';

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; type: string | undefined; body: string }> = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], body });
      res.setHeader('content-type', 'application/json');
      if (req.url!.startsWith('/invalid')) {
        res.statusCode = 422;
        res.end(
          JSON.stringify({
            kind: 'Status',
            status: 'Failure',
            reason: 'Invalid',
            code: 422,
            message: 'Secret "s" is invalid: data.token: illegal base64 data',
            details: {
              causes: [{ field: 'data.token', message: 'illegal base64 data', reason: 'FieldValueInvalid' }],
            },
          }),
        );
      } else if (req.url!.startsWith('/plain')) {
        res.statusCode = 500;
        res.end('boom');
      } else if (req.url!.includes('watch=true')) {
        res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"MODI');
        setTimeout(() => res.end('FIED","object":{"metadata":{"name":"a"}}}\n'), 20);
      } else {
        res.end(JSON.stringify({ kind: 'Thing', metadata: { name: 'x' } }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test('client - server from flag, then EBB_SERVER, then the default', () => {
  assert.equal(resolveServer('http://a:1/', { EBB_SERVER: 'http://b:2' }), 'http://a:1');
  assert.equal(resolveServer(undefined, { EBB_SERVER: 'http://b:2' }), 'http://b:2');
  assert.equal(resolveServer(undefined, {}), 'http://127.0.0.1:7070');
});

test('client - sends JSON, merge patches and queries', async () => {
  const client = new ApiClient(base);
  assert.equal((await client.get('/x', { labelSelector: 'app=a', skip: undefined })).metadata.name, 'x');
  await client.create('/y', { a: 1 });
  await client.patch('/z', { b: 2 });
  assert.deepEqual(seen.slice(-3), [
    { method: 'GET', url: '/x?labelSelector=app%3Da', type: undefined, body: '' },
    { method: 'POST', url: '/y', type: 'application/json', body: '{"a":1}' },
    { method: 'PATCH', url: '/z', type: 'application/merge-patch+json', body: '{"b":2}' },
  ]);
});

test('client - a Status error becomes the message plus one line per cause', async () => {
  const e = await new ApiClient(base).get('/invalid').then(
    () => assert.fail('expected an error'),
    (err) => err,
  );
  assert.ok(e instanceof ApiStatusError);
  assert.equal(e.status, 422);
  assert.equal(e.reason, 'Invalid');
  assert.equal(
    formatError(e),
    'Error from server (Invalid): Secret "s" is invalid: data.token: illegal base64 data\n  data.token: illegal base64 data',
  );
  await assert.rejects(
    new ApiClient(base).get('/plain'),
    (err: ApiStatusError) => err.reason === 'InternalError' && err.message === 'boom',
  );
});

test('client - watch streams newline-delimited events across chunks', async () => {
  const types: string[] = [];
  for await (const ev of new ApiClient(base).watch('/w', { resourceVersion: '5' })) types.push(ev.type);
  assert.deepEqual(types, ['ADDED', 'MODIFIED']);
  assert.equal(seen.at(-1)!.url, '/w?resourceVersion=5&watch=true');
});

test('client - connection refused says how to start Ebb', async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((r) => closed.close(() => r()));
  await assert.rejects(new ApiClient(url).get('/x'), (err: Error) => {
    assert.ok(err instanceof UnreachableError);
    assert.equal(
      err.message,
      `cannot reach the Ebb API at ${url}: is \`ebb up\` running? (set --server or EBB_SERVER)`,
    );
    return true;
  });
});
