/**
 * RocketMQSource end to end, against a real RocketMQ started by the project's own code and a real `ebb up`:
 * the seed flow, status conditions, the CloudEvent mapping with retries after 503s, selectors, and the
 * standalone adapter. Skipped, saying what is missing, where Java or Maven is not installed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import { produceMany } from '../../src/rocketmq/index.js';
import { CLI_PATH, runCli, sharedDataPath } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { rocketmqSkip, rocketmqSuite, SOURCES } from '../helpers/rocketmq.js';
import type { Subscriber } from '../helpers/subscriber.js';

const seed = sharedDataPath('seed-sample');
const skip =
  rocketmqSkip || (seed ? false : 'RocketMQ source tests skipped: shared/data/seed-sample not found');
const SEED_IMAGE =
  'registry.cn-hangzhou.aliyuncs.com/knative-sample/order-service:master_054ed6cb-20200324202206';

describe('rocketmq source', { skip, timeout: 900_000 }, () => {
  const s = rocketmqSuite(async (mq) => {
    await Promise.all([
      mq.createTopic('topic-knative'),
      mq.createGroup('GID_Knative'),
      mq.createTopic('ebb-retry'),
      mq.createGroup('ebb-retry-group'),
      mq.createTopic('ebb-standalone'),
      mq.createGroup('ebb-standalone-group'),
      mq.createTopic('ebb-selectors'),
      mq.createGroup('ebb-tag-group'),
      mq.createGroup('ebb-sql-group'),
      mq.createGroup('ebb-envelope-group'),
    ]);
  });

  test('seed flow: the seed manifests deliver topic-knative messages through broker order to order-service', async () => {
    assert.match(
      s.ebb.output(),
      new RegExp(`RocketMQ: ${s.mq.proxyEndpoint}\n`),
      'ebb up names the RocketMQ it found',
    );
    const images = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-ebb-images', namespace: 'knative-serving' },
      data: {
        images: `${SEED_IMAGE}: ["ebb", "func", "serve", "examples/food-delivery/functions/order-service/handler.ts"]\n`,
      },
    };
    const secret = parseYaml(readFileSync(`${seed}/203-secret.yaml`, 'utf8'));
    secret.data.alirocketmqsource = Buffer.from(
      JSON.stringify({ url: `http://${s.mq.proxyEndpoint}`, accessKeyId: '', accessKeySecret: '' }),
    ).toString('base64');
    const input = [images, secret].map((d) => JSON.stringify(d)).join('\n---\n');
    const applied = await runCli(['apply', '-f', '-'], { server: s.ebb.apiUrl, input });
    assert.equal(applied.code, 0, applied.stderr);
    const files = ['alirocketmqsource.yaml', 'broker.yaml', 'ksvc-order-service.yaml', 'trigger.yaml'];
    const seedApplied = await runCli(['apply', ...files.flatMap((f) => ['-f', `${seed}/${f}`])], {
      server: s.ebb.apiUrl,
    });
    assert.equal(seedApplied.code, 0, seedApplied.stderr);
    for (const [kind, name] of [
      ['ksvc', 'order-service'],
      ['trigger', 'order-service-trigger'],
      ['rocketmqsource', 'rocketmqsource'],
    ]) {
      const w = await runCli(['wait', kind!, name!, '--timeout', '90s'], {
        server: s.ebb.apiUrl,
        timeoutMs: 100_000,
      });
      assert.equal(w.code, 0, `${kind} ${name}: ${w.stdout}${w.stderr}\n${s.ebb.output().slice(-3000)}`);
    }
    const run = Date.now().toString(36);
    const orders = Array.from({ length: 20 }, (_, i) => ({
      orderId: `seed-${run}-${i}`,
      orderStatus: 'paid',
      userPhoneNo: '13800001234',
      prodId: 'p-101',
      prodName: 'Beef noodle soup',
      chargeMoney: 32 + i,
      chargeTime: '2020-03-24 20:22:06',
      finishTime: '2020-03-24 20:52:06',
    }));
    await produceMany(
      s.mq.proxyEndpoint,
      'topic-knative',
      orders.map((o) => ({ body: JSON.stringify(o), tag: 'created', keys: [o.orderId] })),
    );
    const database = join(s.tmpDir, 'ebb-food-delivery', 'orders.db');
    await eventually(
      'every order stored by the order service',
      async () => {
        if (!existsSync(database)) return undefined;
        const db = new Database(database, { readonly: true });
        try {
          const row = db
            .prepare('SELECT COUNT(*) AS n FROM orders WHERE orderId LIKE ?')
            .get(`seed-${run}-%`) as {
            n: number;
          };
          return row.n === orders.length ? true : undefined;
        } finally {
          db.close();
        }
      },
      60_000,
    );
    const got = await runCli(['get', 'rocketmqsource', 'rocketmqsource', '-o', 'json'], {
      server: s.ebb.apiUrl,
    });
    const status = JSON.parse(got.stdout).status;
    assert.match(status.sinkUri, /\/default\/order$/);
    for (const type of ['SinkProvided', 'Deployed', 'Ready']) {
      assert.equal(status.conditions.find((c: any) => c.type === type)?.status, 'True', type);
    }
    const metrics = await (await fetch(`${s.ebb.apiUrl}/metrics`)).text();
    assert.match(
      metrics,
      /rocketmq_source_messages_delivered_total\{namespace="default",name="rocketmqsource"\} (\d+)/,
    );
    const delivered = Number(
      /rocketmq_source_messages_delivered_total\{namespace="default",name="rocketmqsource"\} (\d+)/.exec(
        metrics,
      )![1],
    );
    assert.ok(delivered >= 20, `delivered counter ${delivered}`);
  });

  test('status says why a source is not ready: a missing sink, an unreachable proxy', async () => {
    const post = (name: string, spec: Record<string, unknown>) =>
      apiCall(s.ebb.apiUrl, 'POST', SOURCES, {
        apiVersion: 'sources.knative.dev/v1alpha1',
        kind: 'RocketMQSource',
        metadata: { name },
        spec,
      });
    const condition = (name: string, type: string) =>
      eventually(
        `${name} ${type}=False`,
        async () => {
          const r = await apiCall(s.ebb.apiUrl, 'GET', `${SOURCES}/${name}`);
          const c = r.body?.status?.conditions?.find((x: any) => x.type === type);
          return c?.status === 'False' ? c : undefined;
        },
        30_000,
      );
    assert.equal(
      (
        await post('nosink', {
          topic: 'ebb-retry',
          consumerGroup: 'g-nosink',
          sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'missing' } },
        })
      ).status,
      201,
    );
    const noSink = await condition('nosink', 'SinkProvided');
    assert.equal(noSink.reason, 'NotFound');
    assert.match(noSink.message, /Broker default\/missing/);
    assert.equal(
      (
        await post('nowhere', {
          topic: 'ebb-retry',
          consumerGroup: 'g-nowhere',
          endpoints: '127.0.0.1:1',
          sink: { uri: 'http://127.0.0.1:9/' },
        })
      ).status,
      201,
    );
    const nowhere = await condition('nowhere', 'Deployed');
    assert.equal(nowhere.reason, 'ConsumerStartFailed');
    assert.match(nowhere.message, /127\.0\.0\.1:1/);
    const shown = await runCli(['get', 'rocketmqsources'], { server: s.ebb.apiUrl });
    assert.match(shown.stdout, /nowhere .*False +ConsumerStartFailed/);
    for (const name of ['nosink', 'nowhere']) await apiCall(s.ebb.apiUrl, 'DELETE', `${SOURCES}/${name}`);
  });

  test('mapping and at-least-once: a sink answering 503 twice still gets every message, as CloudEvents 1.0', async () => {
    const sink = await s.subscriber((_event, attempt) => (attempt <= 2 ? 503 : 202));
    await s.createSource('retry', {
      topic: 'ebb-retry',
      consumerGroup: 'ebb-retry-group',
      sink: { uri: sink.url },
      ceOverrides: { extensions: { team: 'orders' } },
      delivery: { backoffDelay: 'PT0.1S' },
    });
    const plain = Array.from({ length: 40 }, (_, i) => ({
      body: JSON.stringify({ order: i }),
      tag: 'created',
      keys: [`order-${i}`, `customer-${i % 3}`],
    }));
    const binary = {
      body: 'hello',
      properties: {
        CE_specversion: '1.0',
        CE_id: 'carried-1',
        CE_source: '/shop',
        CE_type: 'shop.order.created',
        CE_datacontenttype: 'text/plain',
        CE_shard: '7',
      },
    };
    const structured = {
      body: JSON.stringify({
        specversion: '1.0',
        id: 'carried-2',
        source: '/shop',
        type: 'shop.order.paid',
        data: { n: 1 },
      }),
      properties: { CONTENT_TYPE: 'application/cloudevents+json' },
    };
    const ids = await produceMany(s.mq.proxyEndpoint, 'ebb-retry', [...plain, binary, structured]);
    const expected = [...ids.slice(0, plain.length), 'carried-1', 'carried-2'];
    await eventually(
      'every message accepted after two 503s',
      async () => (expected.every((id) => sink.accepted.has(id)) ? true : undefined),
      90_000,
    );
    for (const id of expected) assert.ok(sink.attempts.get(id)! >= 3, `${id} was tried at least 3 times`);

    const first = sink.received.find((r) => r.event.attributes.id === ids[0] && r.attempt === 3)!;
    const a = first.event.attributes;
    assert.equal(a.specversion, '1.0');
    assert.equal(a.source, '/apis/v1/namespaces/default/rocketmqsources/retry#ebb-retry');
    assert.equal(a.type, 'dev.knative.rocketmq.event');
    assert.equal(a.datacontenttype, 'application/json');
    assert.equal(a.rocketmqtag, 'created');
    assert.equal(a.rocketmqkeys, 'order-0 customer-0');
    assert.equal(a.rocketmqattempt, '3');
    assert.equal(a.team, 'orders');
    assert.ok(Math.abs(Date.parse(a.time!) - Date.now()) < 120_000, `time ${a.time} is the born time`);
    assert.equal(first.event.data?.toString(), '{"order":0}');

    const carried = sink.received.find((r) => r.event.attributes.id === 'carried-1')!.event;
    assert.deepEqual(
      { ...carried.attributes, team: undefined },
      {
        specversion: '1.0',
        id: 'carried-1',
        source: '/shop',
        type: 'shop.order.created',
        datacontenttype: 'text/plain',
        shard: '7',
        team: undefined,
      },
    );
    assert.equal(carried.data?.toString(), 'hello');
    const paid = sink.received.find((r) => r.event.attributes.id === 'carried-2')!.event;
    assert.equal(paid.attributes.type, 'shop.order.paid');
    assert.equal(paid.data?.toString(), '{"n":1}');
  });

  test('selectors: a TAG expression and a SQL92 condition on properties pick the messages delivered', async () => {
    const byTag = await s.subscriber();
    const bySql = await s.subscriber();
    await s.createSource('by-tag', {
      topic: 'ebb-selectors',
      consumerGroup: 'ebb-tag-group',
      selector: { type: 'TAG', expression: 'paid || refunded' },
      sink: { uri: byTag.url },
    });
    await s.createSource('by-sql', {
      topic: 'ebb-selectors',
      consumerGroup: 'ebb-sql-group',
      selector: { type: 'SQL92', expression: "region = 'eu' AND amount > 100" },
      sink: { uri: bySql.url },
    });
    const messages = [
      { body: 'a', tag: 'created', properties: { region: 'eu', amount: '150' } },
      { body: 'b', tag: 'paid', properties: { region: 'us', amount: '150' } },
      { body: 'c', tag: 'refunded', properties: { region: 'eu', amount: '50' } },
      { body: 'd', tag: 'paid', properties: { region: 'eu', amount: '500' } },
      { body: 'e', tag: 'shipped', properties: { region: 'us', amount: '10' } },
    ];
    await produceMany(s.mq.proxyEndpoint, 'ebb-selectors', messages, 1);
    const bodies = (s: Subscriber) => s.received.map((r) => r.event.data?.toString()).sort();
    await eventually('tag matches', async () => (byTag.received.length >= 3 ? true : undefined), 30_000);
    await eventually('sql matches', async () => (bySql.received.length >= 2 ? true : undefined), 30_000);
    await sleep(1_000);
    assert.deepEqual(bodies(byTag), ['b', 'c', 'd']);
    assert.deepEqual(bodies(bySql), ['a', 'd']);
  });

  test('data format message: the event data is the message as the original sample read it (Body base64)', async () => {
    const sink = await s.subscriber();
    await s.createSource(
      'envelope',
      { topic: 'ebb-selectors', consumerGroup: 'ebb-envelope-group', sink: { uri: sink.url } },
      { 'ebb.dev/rocketmq-data-format': 'message' },
    );
    const body = JSON.stringify({ orderId: 'o-1', prodName: '牛肉面' });
    const [id] = await produceMany(s.mq.proxyEndpoint, 'ebb-selectors', [
      { body, tag: 'paid', keys: ['o-1'], properties: { region: 'eu' } },
    ]);
    const got = await eventually(
      'the event',
      async () => sink.received.find((r) => r.event.attributes.id === id),
      30_000,
    );
    assert.equal(got.event.attributes.datacontenttype, 'application/json');
    assert.equal(got.event.attributes.rocketmqtag, 'paid');
    const data = JSON.parse(got.event.data!.toString('utf8'));
    assert.equal(data.Topic, 'ebb-selectors');
    assert.equal(data.MessageId, id);
    assert.deepEqual([data.Tag, data.Keys, data.Properties.region], ['paid', ['o-1'], 'eu']);
    assert.equal(Buffer.from(data.Body, 'base64').toString('utf8'), body);
  });

  test('standalone: `ebb adapter rocketmq` configured by K_SINK and ROCKETMQ_* env delivers, and stops on SIGTERM', async () => {
    const sink = await s.subscriber();
    const adapter = spawn(process.execPath, [CLI_PATH, 'adapter', 'rocketmq'], {
      env: {
        ...process.env,
        K_SINK: sink.url,
        ROCKETMQ_ENDPOINTS: s.mq.proxyEndpoint,
        ROCKETMQ_TOPIC: 'ebb-standalone',
        ROCKETMQ_CONSUMER_GROUP: 'ebb-standalone-group',
        NAMESPACE: 'shop',
        NAME: 'orders',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    adapter.stdout.on('data', (c: Buffer) => (output += c));
    adapter.stderr.on('data', (c: Buffer) => (output += c));
    const exited = new Promise<number | null>((resolve) => adapter.once('exit', resolve));
    try {
      await eventually(
        'the adapter consuming',
        async () => (/consuming ebb-standalone/.test(output) ? true : undefined),
        30_000,
      );
      const ids = await produceMany(
        s.mq.proxyEndpoint,
        'ebb-standalone',
        Array.from({ length: 10 }, (_, i) => ({ body: `s${i}` })),
      );
      await eventually(
        'all 10 delivered',
        async () => (ids.every((id) => sink.accepted.has(id)) ? true : undefined),
        60_000,
      );
      const source = sink.received[0]!.event.attributes.source;
      assert.equal(source, '/apis/v1/namespaces/shop/rocketmqsources/orders#ebb-standalone');
    } finally {
      adapter.kill('SIGTERM');
    }
    assert.equal(await exited, 0, output);
    assert.match(output, /"delivered":10/);
  });
});
