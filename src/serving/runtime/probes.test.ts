import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { freePort } from './ports.js';
import { PROBE_USER_AGENT, type ProbeTarget, runProbe } from './probes.js';

async function server(t: { after: (fn: () => Promise<void>) => void }) {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const srv: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    if (req.url === '/hang') return;
    const status = Number(/^\/status\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 200);
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  t.after(async () => {
    srv.closeAllConnections();
    await new Promise((r) => srv.close(r));
  });
  const target: ProbeTarget = {
    host: '127.0.0.1',
    port: (srv.address() as AddressInfo).port,
    env: { PATH: process.env.PATH ?? '', PORT: '4242' },
    cwd: tmpdir(),
  };
  return { seen, target };
}

describe('probes', () => {
  it('probes - httpGet passes on 200–399 and fails otherwise, on the probe path', async (t) => {
    const { seen, target } = await server(t);
    const verdict = (code: number) => runProbe({ httpGet: { path: `/status/${code}` } }, target);
    assert.deepEqual(await Promise.all([200, 204, 302, 399, 400, 404, 500, 503].map(verdict)), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    assert.ok(await runProbe({ httpGet: { path: 'status/200' } }, target));
    assert.equal(seen.at(-1)!.path, '/status/200');
    assert.ok(await runProbe({ httpGet: {} }, target));
    assert.equal(seen.at(-1)!.path, '/');
  });

  it('probes - httpGet sends the probe headers and a kube-probe user agent', async (t) => {
    const { seen, target } = await server(t);
    await runProbe({ httpGet: { path: '/', httpHeaders: [{ name: 'X-Check', value: 'deep' }] } }, target);
    assert.equal(seen.at(-1)!.headers['x-check'], 'deep');
    assert.equal(seen.at(-1)!.headers['user-agent'], PROBE_USER_AGENT);
  });

  it('probes - httpGet fails after timeoutSeconds', async (t) => {
    const { target } = await server(t);
    const start = Date.now();
    assert.equal(await runProbe({ httpGet: { path: '/hang' }, timeoutSeconds: 0.2 }, target), false);
    assert.ok(Date.now() - start < 1_000);
  });

  it('probes - tcpSocket (and a probe without handler) passes when the port accepts', async (t) => {
    const { target } = await server(t);
    assert.ok(await runProbe({ tcpSocket: {} }, target));
    assert.ok(await runProbe(undefined, target));
    assert.ok(await runProbe({ periodSeconds: 1 }, target));
    const closed = { ...target, port: await freePort() };
    assert.equal(await runProbe(undefined, closed), false);
  });

  it('probes - exec passes on exit 0, runs with the replica env and directory', async (t) => {
    const { target } = await server(t);
    const check = `process.exit(process.env.PORT === '4242' && process.cwd() === ${JSON.stringify(tmpdir())} ? 0 : 1)`;
    assert.ok(await runProbe({ exec: { command: [process.execPath, '-e', check] } }, target));
    assert.equal(
      await runProbe({ exec: { command: [process.execPath, '-e', 'process.exit(1)'] } }, target),
      false,
    );
    assert.equal(await runProbe({ exec: { command: ['ebb-no-such-probe-command'] } }, target), false);
    const hang = {
      exec: { command: [process.execPath, '-e', 'setTimeout(() => {}, 10000)'] },
      timeoutSeconds: 0.3,
    };
    const start = Date.now();
    assert.equal(await runProbe(hang, target), false);
    assert.ok(Date.now() - start < 2_000);
  });

  it('probes - an abort ends the attempt as a failure', async (t) => {
    const { target } = await server(t);
    const abort = new AbortController();
    const pending = runProbe({ httpGet: { path: '/hang' }, timeoutSeconds: 10 }, target, abort.signal);
    setTimeout(() => abort.abort(), 50);
    assert.equal(await pending, false);
    assert.equal(await runProbe(undefined, target, abort.signal), false);
  });
});
