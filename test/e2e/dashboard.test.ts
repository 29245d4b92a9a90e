/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against a real `ebb up`,
 * while load runs: a Knative Service behind a Broker and Trigger gets events posted in a loop and replies
 * to each (a second Trigger gets the replies), a third Trigger dead-letters refunds, a PingSource ticks.
 * The page shows the Service with its replica chart updating, the Trigger's delivered count rising, one
 * event's attempts and its trace's four hops in the explorer (clicked), the dead letters, and no Secret
 * value anywhere — not in any view, the API answers or the server-sent event stream, although the
 * Service's replica prints it. Screenshots go to
 * `$EBB_TEST_ARTIFACTS/dashboard/` (default `test-artifacts/dashboard/` in the repository); their paths are
 * printed. Skipped, with the reason, where no Chromium can be found or installed (test/helpers/chromium.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { request } from 'undici';
import { findChromium } from '../helpers/chromium.js';
import { type EbbProcess, repoPath, runCli, startEbb } from '../helpers/ebb.js';
import { eventually } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';

const SECRET = `dash-secret-${randomBytes(8).toString('hex')}`;
const SECRET_B64 = Buffer.from(SECRET).toString('base64');
const REVISION = 'default/shop-00001';

/**
 * The Service's replica: prints the Secret it gets (the scrubber must hide it) and answers each order with
 * 200 and a reply event (binary mode), which the broker routes to the `confirmations` Trigger.
 */
const REPLICA = `
const http = require('node:http');
console.log('starting with token=' + process.env.TOKEN);
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => setTimeout(() => {
    res.writeHead(200, {
      'ce-specversion': '1.0', 'ce-id': 'confirm-' + req.headers['ce-id'],
      'ce-type': 'order.confirmed', 'ce-source': '/shop/orders',
    });
    res.end();
  }, 15));
}).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

const manifests = (failing: string, dls: string, confirmed: string) => `apiVersion: v1
kind: Secret
metadata: {name: shop-token}
stringData: {token: ${SECRET}}
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: {name: default}
---
apiVersion: sources.knative.dev/v1
kind: PingSource
metadata: {name: heartbeat}
spec:
  schedule: "* * * * * *"
  data: '{"beat": true}'
  sink: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}}
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: shop}
spec:
  template:
    metadata:
      annotations: {autoscaling.knative.dev/min-scale: "1"}
    spec:
      containers:
        - image: ebb.dev/test/shop
          command: ${JSON.stringify([process.execPath, '-e', REPLICA])}
          env:
            - name: TOKEN
              valueFrom: {secretKeyRef: {name: shop-token, key: token}}
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: {name: orders}
spec:
  broker: default
  filter: {attributes: {type: order.placed}}
  subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: shop}}
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: {name: confirmations}
spec:
  broker: default
  filter: {attributes: {type: order.confirmed}}
  subscriber: {uri: ${confirmed}}
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: {name: refunds}
spec:
  broker: default
  filter: {attributes: {type: order.refunded}}
  subscriber: {uri: ${failing}}
  delivery:
    retry: 1
    backoffPolicy: linear
    backoffDelay: PT0.1S
    deadLetterSink: {uri: ${dls}}
`;

const artifacts = join(process.env.EBB_TEST_ARTIFACTS ?? repoPath('test-artifacts'), 'dashboard');
const chromium = findChromium();

describe('dashboard', { timeout: 240_000, skip: 'skip' in chromium ? chromium.skip : false }, () => {
  let ebb: EbbProcess;
  let browser: Browser;
  let page: Page;
  let failing: Subscriber;
  let dls: Subscriber;
  let confirmed: Subscriber;
  let loading = true;
  let load: Promise<void> = Promise.resolve();
  const shots: string[] = [];
  /** The page's HTML at each screenshot (every view), checked for Secret values at the end. */
  const pages: string[] = [];

  const shot = async (name: string) => {
    const path = join(artifacts, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    shots.push(path);
    pages.push(await page.content());
  };

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    ebb = await startEbb();
    failing = await startSubscriber({ answer: () => 500 });
    dls = await startSubscriber();
    confirmed = await startSubscriber();
    const input = manifests(failing.url, dls.url, confirmed.url);
    const applied = await runCli(['apply', '-f', '-'], { server: ebb.apiUrl, input });
    assert.equal(applied.code, 0, applied.stderr);
    for (const [kind, name] of [
      ['broker', 'default'],
      ['ksvc', 'shop'],
      ['trigger', 'orders'],
      ['trigger', 'refunds'],
      ['trigger', 'confirmations'],
      ['pingsource', 'heartbeat'],
    ]) {
      const r = await runCli(['wait', kind!, name!, '--timeout', '30s'], { server: ebb.apiUrl });
      assert.equal(r.code, 0, `${kind}/${name}: ${r.stdout}${r.stderr}`);
    }
    let n = 0;
    load = (async () => {
      while (loading) {
        const res = await request(`${ebb.ingressUrl}/default/default`, {
          method: 'POST',
          headers: {
            'ce-specversion': '1.0',
            'ce-id': `order-${++n}`,
            'ce-type': n % 25 === 0 ? 'order.refunded' : 'order.placed',
            'ce-source': '/shop/web',
            'ce-traceparent': `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ order: n, items: 2 }),
        }).catch(() => undefined);
        await res?.body.dump();
        await sleep(20);
      }
    })();
    const { chromium: pw } = await import('playwright-core');
    browser = await pw.launch({ executablePath: (chromium as { path: string }).path });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  after(async () => {
    loading = false;
    await load;
    await browser?.close();
    await ebb?.stop();
    await Promise.all([failing?.close(), dls?.close(), confirmed?.close()]);
    if (shots.length) console.log(`dashboard screenshots:\n  ${shots.join('\n  ')}`);
  });

  test('dashboard - ebb up and ebb dashboard print its URL; a browser at / lands on the page; the topology shows source → broker → triggers → service; a node opens its view', async () => {
    assert.match(ebb.output(), new RegExp(`^Dashboard: ${ebb.apiUrl}/dashboard/$`, 'm'));
    const cli = await runCli(['dashboard', '--no-open'], { server: ebb.apiUrl });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stdout, `Dashboard: ${ebb.apiUrl}/dashboard/\n`);
    await page.goto(`${ebb.apiUrl}/`);
    assert.match(page.url(), /\/dashboard\/#?/);
    await page.waitForSelector('#conn.live');
    const topology = page.locator('#topology-chart');
    await eventually('the topology to have its edges', async () =>
      Number(await topology.getAttribute('data-edges')) >= 5 ? true : undefined,
    );
    await sleep(500);
    await shot('topology');
    // A click on the Service's node opens the Services view.
    const [x, y] = (await page.evaluate(`(() => {
      const chart = echarts.getInstanceByDom(document.getElementById('topology-chart'));
      const node = chart.getOption().series[0].data.find((d) => d.id === 'Service:default/shop');
      return chart.convertToPixel({ seriesIndex: 0 }, [node.x, node.y]);
    })()`)) as [number, number];
    const box = (await topology.boundingBox())!;
    await page.mouse.click(box.x + x, box.y + y);
    await page.locator('#view-services.active').waitFor({ timeout: 5_000 });
  });

  test('dashboard - the Service shows with its replica chart updating', async () => {
    await page.click('#tabs button[data-tab=services]');
    const chart = page.locator(`[data-chart="replicas"][data-revision="${REVISION}"]`);
    await chart.waitFor();
    const points = async () => Number(await chart.getAttribute('data-points'));
    const first = await points();
    await eventually(
      'the replica chart to get new points',
      async () => ((await points()) >= first + 2 ? true : undefined),
      10_000,
    );
    assert.match((await chart.getAttribute('data-last')) ?? '', /actual=1/);
    assert.ok((await page.locator(`#replicas-${cssEscape(REVISION)} tbody tr`).count()) >= 1);
    await page.click(`[data-revision-card="${REVISION}"] button`);
    const logs = page.locator(`#logs-${cssEscape(REVISION)}`);
    await eventually('the log lines', async () =>
      (await logs.textContent())?.includes('token=') ? true : undefined,
    );
    await shot('services');
  });

  test("dashboard - the Trigger's delivered count rises", async () => {
    await page.click('#tabs button[data-tab=eventing]');
    const cell = page.locator('[data-delivery="Trigger:default/orders"] [data-field="delivered"]');
    await cell.waitFor();
    const count = async () => Number((await cell.textContent())?.replace(/,/g, ''));
    const first = await count();
    await eventually(
      'the delivered count to rise',
      async () => ((await count()) > first ? true : undefined),
      10_000,
    );
  });

  test("dashboard - the explorer shows one event's attempts when it is clicked, and the dead letters", async () => {
    await page.fill('#f-type', 'order.placed');
    const row = page.locator('#events tbody tr[data-event]').nth(5);
    await row.waitFor();
    await row.click();
    const attempt = page.locator('#attempts tbody tr[data-attempt^="default/orders#"]').first();
    await attempt.waitFor({ timeout: 10_000 });
    const text = (await attempt.textContent()) ?? '';
    assert.match(text, /200/);
    assert.match(text, /delivered/);
    assert.match((await page.locator('#event-detail').textContent()) ?? '', /trace id [\da-f]{32}/);
    const hops = page.locator('#trace tbody tr');
    // The order, its attempt, the Service's reply and the reply's attempt: one trace.
    await eventually('the trace hops', async () => ((await hops.count()) >= 4 ? true : undefined), 10_000);
    assert.match((await page.locator('#trace').textContent()) ?? '', /default\/confirmations/);
    assert.match((await hops.first().textContent()) ?? '', /accepted/);
    const deadLetter = page.locator('#dead-letters tbody tr', { hasText: 'default/refunds' }).first();
    await deadLetter.waitFor({ timeout: 10_000 });
    const dlText = (await deadLetter.textContent()) ?? '';
    assert.ok(dlText.includes(failing.url), dlText);
    assert.match(dlText, /500/);
    await shot('eventing');
  });

  test('dashboard - the Sources and Usage views list the PingSource and the revision', async () => {
    await page.click('#tabs button[data-tab=sources]');
    await page.locator('[data-source="PingSource:default/heartbeat"]').waitFor();
    await shot('sources');
    await page.click('#tabs button[data-tab=usage]');
    await page.locator('#usage tbody tr', { hasText: 'shop-00001' }).waitFor();
    await shot('usage');
  });

  test('dashboard - no Secret value in the page, its API answers or the event stream', async () => {
    const html = [...pages, await page.content()].join('\n');
    const logs = await (await fetch(`${ebb.apiUrl}/dashboard/api/logs?revision=${REVISION}`)).text();
    const snapshot = await (await fetch(`${ebb.apiUrl}/dashboard/api/snapshot`)).text();
    const stream = await readStream(`${ebb.apiUrl}/dashboard/api/stream`, 2_500);
    assert.match(logs, /token=REDACTED/, 'the replica printed the Secret, and the dashboard redacted it');
    const ticks = stream.split('\n\n').filter((f) => f.startsWith('event: state'));
    assert.ok(ticks.length >= 1, stream.slice(0, 500));
    console.log(`dashboard state tick: ${Math.max(...ticks.map((t) => t.length))} bytes`);
    for (const [what, text] of Object.entries({ html, logs, snapshot, stream })) {
      assert.ok(!text.includes(SECRET), `the Secret's value is in the ${what}`);
      assert.ok(!text.includes(SECRET_B64), `the Secret's base64 value is in the ${what}`);
    }
  });
});

/** What an SSE endpoint sends in `ms`. */
async function readStream(url: string, ms: number): Promise<string> {
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const stop = setTimeout(() => ac.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // aborted: the time is up
  } finally {
    clearTimeout(stop);
  }
  return text;
}

/** `CSS.escape` for the ids the page builds from revision keys (`/` and `.` need escaping). */
function cssEscape(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);
}
