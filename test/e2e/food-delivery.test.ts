/**
 * The food-delivery demo's short form, end to end: `ebb demo food-delivery` runs a whole compressed day
 * (one minute) on a fresh `ebb up` — through a local RocketMQ when Java 17 and Maven are here, else posting
 * to the Broker — and its own output is checked against the store the functions wrote: nothing lost,
 * every orderId stored once with its duplicates absorbed, more order-service replicas at the lunch peak
 * than in the night valley, malformed orders at the dead-letter sink with knativeerrorcode 400, and
 * the usage meter's requests equal to the router's count. Then the application's other entry: the
 * original sample's `{"Topic", "Body"}` envelope, posted to the Broker, is stored like a plain order.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { javaAvailable } from '../../src/rocketmq/index.js';
import { repoPath, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { eventually } from '../helpers/http.js';

const java = javaAvailable();
const viaRocketMQ = java.ok;

interface Sample {
  day: number;
  replicas: Record<string, { desired: number; actual: number }>;
}

const replicasIn = (samples: Sample[], from: number, to: number) =>
  samples.filter((s) => s.day >= from && s.day < to).map((s) => s.replicas['order-service']!.actual);

describe('food-delivery demo', { timeout: 900_000 }, () => {
  const out = tmpDataDir('ebb-demo-test-');
  after(() => rmSync(out, { recursive: true, force: true }));

  test(`a one-minute day ${viaRocketMQ ? 'through RocketMQ' : `posted to the Broker (${java.missing} missing)`}: nothing lost`, async () => {
    const args = ['demo', 'food-delivery', '--minutes', '1', '--peak-rate', '300', '--valley-rate', '8'];
    args.push('--processing-ms', '100', '--out', out, '--seed', '7');
    if (!viaRocketMQ) args.push('--no-rocketmq');
    const run = await runCli(args, { server: 'http://127.0.0.1:1', timeoutMs: 600_000 });
    assert.equal(run.code, 0, `the demo failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /produced = stored \+ duplicates \+ dead-lettered ✓/);
    assert.match(run.stdout, /the effect, drawn: .*effect\.html/);
    for (const f of ['effect.html', 'effect.svg', 'summary.json', 'samples.json'])
      assert.ok(existsSync(join(out, f)), `${f} written`);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.rocketmq, viaRocketMQ);
    assert.equal(summary.lost, 0);
    assert.ok(summary.produced > 500, `a day of orders (${summary.produced})`);
    assert.equal(summary.produced, summary.stored + summary.duplicates + summary.deadLettered);
    assert.ok(
      summary.duplicates > 0 && summary.deadLettered > 0,
      'the mix has duplicates and malformed orders',
    );
    assert.equal(summary.bill.requests, summary.bill.routerRequests, 'ebb usage agrees with the router');
    assert.ok(summary.bill.requests >= summary.produced, 'one request per order at least');
    assert.ok(
      summary.bill.savingPercent > 0,
      `cheaper than a fixed peak deployment (${summary.bill.savingPercent}%)`,
    );

    const db = new Database(join(out, 'orders.db'), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT orderId) AS ids, SUM(deliveries) AS d FROM orders')
        .get() as {
        n: number;
        ids: number;
        d: number;
      };
      assert.equal(rows.n, summary.stored, 'each orderId stored once');
      assert.equal(rows.ids, rows.n);
      assert.ok(
        rows.d - rows.n >= summary.duplicates,
        'every duplicate reached the service and was absorbed',
      );
      const letters = db
        .prepare('SELECT errorCode, COUNT(*) AS n FROM dead_letters GROUP BY errorCode')
        .all() as {
        errorCode: string;
        n: number;
      }[];
      assert.deepEqual(
        letters,
        [{ errorCode: '400', n: summary.deadLettered }],
        'malformed orders, refused with 400',
      );
    } finally {
      db.close();
    }

    const samples = JSON.parse(readFileSync(join(out, 'samples.json'), 'utf8')) as Sample[];
    // Peak against the night valley (23:30 → 04:00, the day's last ~11 s here). The afternoon lull is too
    // short in a one-minute day (~6 s) to out-wait the autoscaler's 6 s stable window reliably.
    const lunch = Math.max(0, ...replicasIn(samples, 11 * 60 + 30, 13 * 60 + 30));
    const night = replicasIn(samples, 23 * 60 + 30, 28 * 60);
    assert.ok(night.length > 0, 'the night was sampled');
    const valley = Math.min(...night);
    assert.ok(
      lunch > valley,
      `more replicas at the lunch peak (${lunch}) than in the night valley (${valley})`,
    );
  });

  test('the sample\'s {"Topic", "Body": base64} envelope is stored like a plain order', async (t) => {
    const ebb = await startEbb();
    t.after(() => ebb.stop());
    const database = join(ebb.dataDir, 'orders.db');
    const config = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: food-delivery, namespace: default}\ndata: {database: ${database}}\n`;
    assert.equal((await runCli(['apply', '-f', '-'], { server: ebb.apiUrl, input: config })).code, 0);
    // The example's own files but its config.yaml, whose ConfigMap would point the store elsewhere.
    const files = readdirSync(repoPath('examples', 'food-delivery')).filter(
      (f) => f.endsWith('.yaml') && f !== 'config.yaml',
    );
    const applied = await runCli(['apply', ...files.flatMap((f) => ['-f', `examples/food-delivery/${f}`])], {
      server: ebb.apiUrl,
    });
    assert.equal(applied.code, 0, applied.stderr);
    const order = {
      orderId: 'envelope-1',
      orderStatus: 'paid',
      userPhoneNo: '13800001234',
      prodId: 'p-1',
      prodName: 'Beef noodles',
      chargeMoney: 32,
      chargeTime: '2020-03-24 12:00:00',
      finishTime: '2020-03-24 12:30:00',
    };
    const envelope = { Topic: 'topic-knative', Body: Buffer.from(JSON.stringify(order)).toString('base64') };
    assert.equal(
      (await runCli(['wait', 'ksvc', 'order-service', '--timeout', '60s'], { server: ebb.apiUrl })).code,
      0,
    );
    const sent = await runCli(
      [
        'event',
        'send',
        '--to',
        'broker/order',
        '--type',
        'dev.knative.rocketmq.event',
        '--source',
        '/test',
        '--data',
        JSON.stringify(envelope),
      ],
      { server: ebb.apiUrl },
    );
    assert.equal(sent.code, 0, sent.stderr);
    const row = await eventually(
      'the order stored',
      async () => {
        if (!existsSync(database)) return undefined;
        const db = new Database(database, { readonly: true });
        try {
          return db
            .prepare('SELECT orderId, prodName, chargeMoney FROM orders WHERE orderId = ?')
            .get('envelope-1');
        } finally {
          db.close();
        }
      },
      60_000,
    );
    assert.deepEqual(row, { orderId: 'envelope-1', prodName: 'Beef noodles', chargeMoney: 32 });
  });
});
