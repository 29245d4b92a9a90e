/**
 * The write-up's other two scenarios end to end, as a user runs them: one real local RocketMQ and one
 * `ebb up`, the example folders applied with `ebb apply -f examples/...` after the Secret and ConfigMaps
 * their READMEs say to create, and messages produced to RocketMQ. Monitoring: metrics and logs alert at
 * the Slack-compatible receiver with the right text, values under threshold do not, a repeat within the
 * window is posted once, a malformed payload is dead-lettered to a warning. Format conversion: each order
 * gives a CSV line, an HTML receipt and a JSON summary with the right content and one reply per output,
 * and a duplicate order rewrites nothing. Skipped, saying what is missing, without Java/Maven.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { produceMany } from '../../src/rocketmq/index.js';
import { runCli, tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { rocketmqSkip, rocketmqSuite, SOURCES } from '../helpers/rocketmq.js';
import {
  csvFieldsOf,
  htmlEscape,
  ORDERS,
  parseCsvRecord,
  type SlackReceiver,
  startSlackReceiver,
  summaryOf,
} from '../helpers/scenarios.js';
import type { Subscriber } from '../helpers/subscriber.js';

const TRIGGERS = '/apis/eventing.knative.dev/v1/namespaces/default/triggers';

describe('scenarios', { skip: rocketmqSkip, timeout: 900_000 }, () => {
  const s = rocketmqSuite(async (mq) => {
    await Promise.all([
      mq.createTopic('topic-monitoring'),
      mq.createGroup('GID_Monitoring'),
      mq.createTopic('topic-orders-convert'),
      mq.createGroup('GID_OrdersConvert'),
    ]);
  });
  const cli = async (args: string[], input?: string) => {
    const out = await runCli(args, { server: s.ebb.apiUrl, ...(input === undefined ? {} : { input }) });
    assert.equal(out.code, 0, `ebb ${args.join(' ')}: ${out.stderr}${out.stdout}`);
    return out.stdout;
  };
  const waitAll = async (...objects: string[]) => {
    for (const o of objects) await cli(['wait', ...o.split('/'), '--timeout', '90s']);
  };
  /** A Trigger of the test's own on the example's broker: what a downstream consumer of the replies sees. */
  const replyTrigger = async (name: string, broker: string, prefix: string, to: Subscriber) => {
    const res = await apiCall(s.ebb.apiUrl, 'POST', TRIGGERS, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name },
      spec: { broker, filters: [{ prefix: { type: prefix } }], subscriber: { uri: to.url } },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const logsOf = (ksvc: string) => cli(['logs', `ksvc/${ksvc}`, '--tail', '5000']);
  const count = (text: string, re: RegExp) => text.match(new RegExp(re, 'g'))?.length ?? 0;
  const produce = (topic: string, messages: { tag?: string; body: unknown }[]) =>
    produceMany(
      s.mq.proxyEndpoint,
      topic,
      messages.map((m) => ({
        ...(m.tag ? { tag: m.tag } : {}),
        body: typeof m.body === 'string' ? m.body : JSON.stringify(m.body),
      })),
    );

  describe('monitoring and alerting', () => {
    let slack: SlackReceiver;
    let fired: Subscriber;
    const texts = () => slack.messages().map((m) => m.text);
    const metric = (host: string, name: string, value: number) => ({
      tag: 'metric',
      body: { host, metric: name, value },
    });
    const log = (host: string, level: string, message: string) => ({
      tag: 'log',
      body: { host, level, message },
    });
    const ALERTS = [
      ':rotating_light: cpu on web-1 is 97.5, above the threshold of 90',
      ':rotating_light: disk on web-2 is 91, above the threshold of 85',
      ':rotating_light: ERROR on db-1: connection refused &lt;10.0.0.7:5432&gt; &amp; retrying',
      ':rotating_light: FATAL on api-1: out of memory',
    ];

    after(() => slack?.stop());

    test('setup: the receiver, the Secret with its URL, then ebb apply -f examples/monitoring/', async () => {
      const dir = tmpDataDir('ebb-monitoring-');
      slack = await startSlackReceiver(join(dir, 'slack.jsonl'));
      const config = `apiVersion: v1
kind: Secret
metadata: { name: slack-webhook, namespace: default }
stringData: { url: "${slack.url}" }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: monitoring, namespace: default }
data: { stateDir: "${join(dir, 'state')}" }
`;
      assert.match(await cli(['apply', '-f', '-'], config), /secret\/slack-webhook created/);
      const applied = await cli(['apply', '-f', 'examples/monitoring/']);
      for (const name of ['alerting', 'alerting-metrics', 'alerting-logs', 'monitoring']) {
        assert.match(applied, new RegExp(`/${name} created`));
      }
      fired = await s.subscriber();
      await replyTrigger('alerts-fired', 'monitoring', 'alert.fired', fired);
      await waitAll(
        'broker/monitoring',
        'rocketmqsource/monitoring',
        'ksvc/alerting',
        'trigger/alerting-metrics',
        'trigger/alerting-logs',
        'trigger/alerts-fired',
      );
    });

    test('metrics above their threshold and error/fatal logs alert with their text; the rest do not', async () => {
      // The first message the way the README says: ebb rocketmq produce.
      await cli([
        'rocketmq',
        'produce',
        '--endpoint',
        s.mq.proxyEndpoint,
        '--topic',
        'topic-monitoring',
        '--tag',
        'metric',
        '--body',
        JSON.stringify({ host: 'web-1', metric: 'cpu', value: 97.5 }),
      ]);
      await produce('topic-monitoring', [
        metric('web-1', 'memory', 42),
        metric('web-2', 'disk', 91),
        metric('web-3', 'cpu', 90),
        metric('web-1', 'latency_ms', 1234),
        log('db-1', 'error', 'connection refused <10.0.0.7:5432> & retrying'),
        log('db-1', 'info', 'checkpoint complete'),
        log('api-1', 'FATAL', 'out of memory'),
        { tag: 'deploy', body: { host: 'web-1', version: '1.2.3' } },
      ]);
      const logs = await eventually(
        'four quiet verdicts in the logs',
        async () => {
          const out = await logsOf('alerting');
          return count(out, /no alert: /) >= 4 ? out : undefined;
        },
        60_000,
      );
      assert.match(logs, /no alert: memory on web-1 is 42, not above 90/);
      assert.match(logs, /no alert: cpu on web-3 is 90, not above 90/);
      assert.match(logs, /no alert: latency_ms on web-1 has no threshold/);
      assert.match(logs, /no alert: a info log on db-1 does not alert/);
      await eventually(
        'four alerts at the receiver',
        async () => (texts().length >= 4 ? true : undefined),
        30_000,
      );
      await sleep(1_000);
      assert.deepEqual(texts().sort(), [...ALERTS].sort());
      const context = slack.messages()[0]!.payload.blocks[1].elements[0].text;
      assert.match(
        context,
        /^event \S+ from \/apis\/v1\/namespaces\/default\/rocketmqsources\/monitoring#topic-monitoring/,
      );
      await eventually('four alert.fired replies', async () =>
        fired.received.length >= 4 ? true : undefined,
      );
      const replies = fired.received.map((r) => JSON.parse(r.event.data!.toString('utf8')));
      assert.deepEqual(replies.map((d) => d.text).sort(), [...ALERTS].sort());
      const cpu = fired.received.find((r) => r.event.attributes.subject === 'metric/web-1/cpu')!;
      const { value, threshold } = JSON.parse(cpu.event.data!.toString('utf8'));
      assert.deepEqual([cpu.event.attributes.source, value, threshold], ['/monitoring/alerting', 97.5, 90]);
    });

    test('a repeat within ALERT_DEDUP_SECONDS is posted once; a new key still alerts', async () => {
      await produce('topic-monitoring', [
        metric('web-1', 'cpu', 99),
        metric('web-2', 'disk', 95),
        log('db-1', 'error', 'connection refused <10.0.0.7:5432> & retrying'),
        metric('web-4', 'memory', 96),
      ]);
      const logs = await eventually(
        'three repeats suppressed',
        async () => {
          const out = await logsOf('alerting');
          return count(out, /suppressed /) >= 3 ? out : undefined;
        },
        60_000,
      );
      assert.match(logs, /suppressed metric\/web-1\/cpu: repeat 1 \(posted, quiet until /);
      assert.match(logs, /suppressed metric\/web-2\/disk: repeat 1/);
      assert.match(logs, /suppressed log\/db-1\/error\/connection refused/);
      await eventually('the new alert', async () => (texts().length >= 5 ? true : undefined), 30_000);
      await sleep(1_000);
      assert.deepEqual(
        texts().sort(),
        [...ALERTS, ':rotating_light: memory on web-4 is 96, above the threshold of 90'].sort(),
      );
      assert.equal(fired.received.length, 5, 'no alert.fired for a suppressed repeat');
    });

    test('a malformed payload is a 400, dead-lettered to a warning; the function keeps alerting', async () => {
      await produce('topic-monitoring', [
        { tag: 'metric', body: 'cpu=97' },
        { tag: 'log', body: { host: 'db-1', message: 'no level' } },
      ]);
      await eventually('two warnings', async () => (texts().length >= 7 ? true : undefined), 60_000);
      const warnings = texts().filter((x) => x.startsWith(':warning:'));
      assert.deepEqual(warnings.sort(), [
        `:warning: a log event could not be handled (400): invalid log event: "level" must be a non-empty string, was: missing`,
        `:warning: a metric event could not be handled (400): invalid metric event: a metric event's data must be a JSON object, was: "cpu=97"`,
      ]);
      await produce('topic-monitoring', [metric('web-5', 'cpu', 99.9)]);
      await eventually(
        'an alert after the malformed ones',
        async () =>
          texts().includes(':rotating_light: cpu on web-5 is 99.9, above the threshold of 90')
            ? true
            : undefined,
        30_000,
      );
      const logs = await logsOf('alerting');
      assert.match(logs, /invalid metric event \S+: a metric event's data must be a JSON object/);
      assert.doesNotMatch(logs, /the function threw/);
      const source = await apiCall(s.ebb.apiUrl, 'GET', `${SOURCES}/monitoring`);
      const ready = source.body.status.conditions.find((c: any) => c.type === 'Ready');
      assert.equal(ready.status, 'True', JSON.stringify(ready));
    });

    test('the receiver answers as Slack does: ok, invalid_payload, no_text, invalid_blocks, no_service', async () => {
      const post = async (url: string, body: string, type = 'application/json') => {
        const res = await request(url, { method: 'POST', headers: { 'content-type': type }, body });
        return [res.statusCode, await res.body.text()];
      };
      const before = slack.messages().length;
      assert.deepEqual(await post(slack.url, 'not json'), [400, 'invalid_payload']);
      assert.deepEqual(await post(slack.url, '[1]'), [400, 'invalid_payload']);
      assert.deepEqual(await post(slack.url, '{"text":"  "}'), [400, 'no_text']);
      assert.deepEqual(await post(slack.url, '{"text":"x","blocks":"y"}'), [400, 'invalid_blocks']);
      assert.deepEqual(await post(`${slack.url}x`, '{"text":"x"}'), [404, 'no_service']);
      const form = `payload=${encodeURIComponent('{"text":"from a form"}')}`;
      assert.deepEqual(await post(slack.url, form, 'application/x-www-form-urlencoded'), [200, 'ok']);
      assert.deepEqual(
        slack
          .messages()
          .slice(before)
          .map((m) => m.text),
        ['from a form'],
      );
    });
  });

  describe('format conversion', () => {
    let outDir: string;
    let replies: Subscriber;
    const OUTPUTS = [
      { type: 'order.converted.csv', folder: 'csv', ext: 'csv' },
      { type: 'order.converted.html', folder: 'receipts', ext: 'html' },
      { type: 'order.converted.json', folder: 'summaries', ext: 'json' },
    ];
    const replyData = () =>
      replies.received.map((r) => ({
        type: r.event.attributes.type,
        ...JSON.parse(r.event.data!.toString('utf8')),
      }));

    test('setup: OUTPUT_DIR in ConfigMap format-conversion, then ebb apply -f examples/format-conversion/', async () => {
      outDir = tmpDataDir('ebb-format-conversion-');
      const config = `apiVersion: v1
kind: ConfigMap
metadata: { name: format-conversion, namespace: default }
data: { outputDir: "${outDir}" }
`;
      await cli(['apply', '-f', '-'], config);
      const applied = await cli(['apply', '-f', 'examples/format-conversion/']);
      for (const name of [
        'conversion',
        'orders-convert',
        'converter',
        'convert-csv',
        'convert-receipt',
        'convert-summary',
      ]) {
        assert.match(applied, new RegExp(`/${name} created`));
      }
      replies = await s.subscriber();
      await replyTrigger('conversions', 'conversion', 'order.converted.', replies);
      await waitAll(
        'broker/conversion',
        'rocketmqsource/orders-convert',
        'ksvc/converter',
        'trigger/convert-csv',
        'trigger/convert-receipt',
        'trigger/convert-summary',
        'trigger/conversions',
      );
    });

    test(`${ORDERS.length} orders: a CSV line, an escaped HTML receipt and a JSON summary each; one reply per output`, async () => {
      await produce(
        'topic-orders-convert',
        ORDERS.map((o) => ({ body: o })),
      );
      const want = ORDERS.length * OUTPUTS.length;
      await eventually(
        'a reply per order and output',
        async () => (replies.received.length >= want ? true : undefined),
        60_000,
      );
      await sleep(1_000);
      assert.equal(replies.received.length, want, 'one reply per delivery');
      for (const { type, folder, ext } of OUTPUTS) {
        const ofType = replyData().filter((d) => d.type === type);
        assert.deepEqual(
          ofType.map((d) => d.orderId).sort(),
          ORDERS.map((o) => String(o.orderId)).sort(),
          type,
        );
        assert.deepEqual(
          readdirSync(join(outDir, folder)).sort(),
          ORDERS.map((o) => `${o.orderId}.${ext}`).sort(),
        );
        for (const d of ofType) {
          assert.equal(d.path, join(outDir, folder, `${d.orderId}.${ext}`));
          const bytes = readFileSync(d.path);
          assert.equal(d.bytes, bytes.length, `${type} ${d.orderId}: size`);
          assert.equal(d.sha256, createHash('sha256').update(bytes).digest('hex'));
        }
      }
      for (const order of ORDERS) {
        const csv = readFileSync(join(outDir, 'csv', `${order.orderId}.csv`), 'utf8');
        assert.ok(
          csv.endsWith('\r\n') && !csv.slice(0, -2).includes('\n'),
          `one CSV line: ${JSON.stringify(csv)}`,
        );
        assert.deepEqual(parseCsvRecord(csv.slice(0, -2)), csvFieldsOf(order));
        const html = readFileSync(join(outDir, 'receipts', `${order.orderId}.html`), 'utf8');
        assert.ok(html.includes(`<td>${htmlEscape(`${order.prodName} (#${order.prodId})`)}</td>`), html);
        const summary = JSON.parse(readFileSync(join(outDir, 'summaries', `${order.orderId}.json`), 'utf8'));
        assert.deepEqual(summary, summaryOf(order));
      }
      const receipt = readFileSync(join(outDir, 'receipts', 'A-1002.html'), 'utf8');
      assert.ok(!receipt.includes('<script>'), 'the product name is escaped');
      assert.match(receipt, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; Tea&#39;s/);
      assert.match(receipt, /<td>138\*{4}8000<\/td>/, 'the phone number is masked');
      assert.match(receipt, /<td>CN¥12\.50<\/td>/);
    });

    test('a duplicate order rewrites nothing: no second CSV line, no new file; its replies say unchanged', async () => {
      const files = OUTPUTS.map((o) => join(outDir, o.folder, `123214342.${o.ext}`));
      const before = files.map((f) => statSync(f).mtimeMs);
      const first = ORDERS[0]!;
      await produce('topic-orders-convert', [{ body: first }]);
      const want = (ORDERS.length + 1) * OUTPUTS.length;
      await eventually(
        "the duplicate's replies",
        async () => (replies.received.length >= want ? true : undefined),
        60_000,
      );
      await sleep(1_000);
      assert.equal(replies.received.length, want);
      const again = replyData().filter((d) => d.orderId === '123214342');
      assert.deepEqual(
        again.map((d) => [d.type, d.unchanged]).sort(),
        OUTPUTS.flatMap((o) => [
          [o.type, false],
          [o.type, true],
        ]).sort(),
      );
      assert.deepEqual(
        files.map((f) => statSync(f).mtimeMs),
        before,
        'the files were not rewritten',
      );
      const lines = readdirSync(join(outDir, 'csv')).map((f) => readFileSync(join(outDir, 'csv', f), 'utf8'));
      assert.equal(
        lines
          .join('')
          .split('\r\n')
          .filter((l) => l !== '').length,
        ORDERS.length,
      );
      for (const o of OUTPUTS)
        assert.equal(readdirSync(join(outDir, o.folder)).length, ORDERS.length, o.folder);
      const ids = replies.received
        .filter((r) => r.event.attributes.subject === '123214342')
        .map((r) => r.event.attributes.id);
      assert.equal(new Set(ids).size, OUTPUTS.length, 'a duplicate reply has the id of the first');
    });
  });
});
