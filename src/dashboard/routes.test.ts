import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SqliteResourceStore } from '../store/sqlite-store.js';
import { Dashboard, type DashboardPlanes } from './dashboard.js';
import { dashboardHandler } from './routes.js';

const SECRET = 'unit-secret-4f1c2e';

function planes(store: SqliteResourceStore): DashboardPlanes {
  return {
    store,
    serving: {
      plane: {
        runtime: { status: () => undefined },
        router: { hooks: {}, inFlight: () => 0, queued: () => 0 },
        autoscaler: { status: () => undefined },
        built: new Map(),
        reachable: new Set(),
      } as any,
      usage: { usage: () => [] } as any,
    },
    eventing: {
      log: { head: async () => 0, read: async () => [] },
      dispatchers: { status: () => undefined },
      observe: () => () => {},
    },
    rocketmq: { stats: () => new Map(), health: () => ({ ok: true }) },
    logs: () => `[default/a-00001#1] token=${SECRET}\n[default/a-00001#1] ready\n`,
    tickMs: 60_000,
  };
}

describe('dashboard routes', () => {
  let server: Server;
  let url: string;
  let dashboard: Dashboard;
  const store = SqliteResourceStore.open(':memory:');

  before(async () => {
    store.create('secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      data: { token: Buffer.from(SECRET).toString('base64') },
    });
    dashboard = new Dashboard(planes(store));
    const handle = dashboardHandler(dashboard);
    server = createServer((req, res) => {
      if (!handle(req, res)) {
        res.writeHead(418);
        res.end('api');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await dashboard.close();
    await new Promise((r) => server.close(r));
    store.close();
  });

  test('dashboard routes - a browser at / is sent to /dashboard/; an API client is not', async () => {
    const browser = await fetch(`${url}/`, { headers: { accept: 'text/html,*/*' }, redirect: 'manual' });
    assert.equal(browser.status, 302);
    assert.equal(browser.headers.get('location'), '/dashboard/');
    const api = await fetch(`${url}/`, { headers: { accept: 'application/json' } });
    assert.equal(api.status, 418);
    assert.equal((await fetch(`${url}/apis`)).status, 418);
  });

  test('dashboard routes - the page and ECharts are served with ETags, gzip and caching headers', async () => {
    const page = await fetch(`${url}/dashboard/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script src="echarts.min.js">/);
    const lib = await fetch(`${url}/dashboard/echarts.min.js`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(lib.status, 200);
    assert.match(lib.headers.get('cache-control') ?? '', /max-age=\d+/);
    assert.ok((await lib.text()).length > 100_000);
    const etag = lib.headers.get('etag')!;
    const again = await fetch(`${url}/dashboard/echarts.min.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal((await fetch(`${url}/dashboard/nope.js`)).status, 404);
    assert.equal((await fetch(`${url}/dashboard/api/snapshot`, { method: 'POST' })).status, 405);
  });

  test('dashboard routes - answers are scrubbed of Secret values', async () => {
    const logs = await (await fetch(`${url}/dashboard/api/logs?revision=default/a-00001`)).text();
    assert.ok(!logs.includes(SECRET), logs);
    assert.match(logs, /token=REDACTED/);
    const snapshot = (await (await fetch(`${url}/dashboard/api/snapshot`)).json()) as any;
    assert.deepEqual(snapshot.services, []);
    assert.equal((await fetch(`${url}/dashboard/api/event?stream=default/b&offset=1`)).status, 404);
  });

  test('dashboard routes - the stream starts with a snapshot', async () => {
    const ac = new AbortController();
    const res = await fetch(`${url}/dashboard/api/stream`, { signal: ac.signal });
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    assert.match(text, /retry: \d+/);
  });
});
