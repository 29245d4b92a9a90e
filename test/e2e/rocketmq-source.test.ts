/**
 * RocketMQSource end to end, against a real RocketMQ started by the project's own code (fetched through
 * Maven, name server + local-mode proxy on loopback) and a real `ebb up`: the seed flow, the CloudEvent
 * mapping, at-least-once under 503s and under SIGKILL, and FIFO order with failures. Skipped, saying what is
 * missing, where Java or Maven is not installed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse as parseYaml } from 'yaml';
import {
  javaAvailable,
  type LocalRocketMQ,
  produceMany,
  receiveAndAck,
  startLocalRocketMQ,
} from '../../src/rocketmq/index.js';
import { CLI_PATH, type EbbProcess, runCli, sharedDataPath, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { type Subscriber, type SubscriberOptions, startSubscriber } from '../helpers/subscriber.js';

const check = javaAvailable();
const seed = sharedDataPath('seed-sample');
const skip = !check.ok
  ? `RocketMQ source tests skipped: this machine lacks ${check.missing}`
  : !seed
    ? 'RocketMQ source tests skipped: shared/data/seed-sample not found next to the repository'
    : false;
if (skip) process.stderr.write(`${skip}\n`);

const SEED_IMAGE =
  'registry.cn-hangzhou.aliyuncs.com/knative-sample/order-service:master_054ed6cb-20200324202206';
const SOURCES = '/apis/sources.knative.dev/v1alpha1/namespaces/default/rocketmqsources';
const CRASH_MESSAGES = Number(process.env.EBB_ROCKETMQ_CRASH_MESSAGES ?? 5_000);

describe('rocketmq source', { skip, timeout: 900_000 }, () => {
  let mq: LocalRocketMQ;
  let ebb: EbbProcess;
  const dataDir = tmpDataDir();
  const subscribers: Subscriber[] = [];
  const startEbbHere = () => startEbb({ dataDir, env: { EBB_ROCKETMQ_DATA_DIR: mq.dataDir } });

  before(
    async () => {
      mq = await startLocalRocketMQ({ dataDir: tmpDataDir('ebb-rocketmq-e2e-') });
      await Promise.all([
        mq.createTopic('topic-knative'),
        mq.createGroup('GID_Knative'),
        mq.createTopic('ebb-retry'),
        mq.createGroup('ebb-retry-group'),
        mq.createTopic('ebb-fifo', { fifo: true }),
        mq.createGroup('ebb-fifo-group', { fifo: true }),
        mq.createTopic('ebb-crash'),
        mq.createGroup('ebb-crash-group'),
        mq.createTopic('ebb-standalone'),
        mq.createGroup('ebb-standalone-group'),
        mq.createTopic('ebb-dead'),
        mq.createGroup('ebb-dlq-group', { maxRetries: 1 }),
        mq.createGroup('ebb-dls-group'),
        mq.createTopic('ebb-selectors'),
        mq.createGroup('ebb-tag-group'),
        mq.createGroup('ebb-sql-group'),
      ]);
      ebb = await startEbbHere();
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await ebb?.stop();
    for (const s of subscribers) await s.close();
    await mq?.stop();
  });

  const subscriber = async (answer?: SubscriberOptions['answer']) => {
    const s = await startSubscriber(answer ? { answer } : {});
    subscribers.push(s);
    return s;
  };

  const createSource = async (name: string, spec: Record<string, unknown>) => {
    const res = await apiCall(ebb.apiUrl, 'POST', SOURCES, {
      apiVersion: 'sources.knative.dev/v1alpha1',
      kind: 'RocketMQSource',
      metadata: { name },
      spec,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const waited = await runCli(['wait', 'rocketmqsource', name, '--timeout', '60s'], { server: ebb.apiUrl });
    assert.equal(waited.code, 0, `${waited.stdout}${waited.stderr}\n${ebb.output().slice(-3000)}`);
  };

  test('seed flow: the seed manifests deliver topic-knative messages through broker order to order-service', async () => {
    const images = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-ebb-images', namespace: 'knative-serving' },
      data: { images: `${SEED_IMAGE}: ["node", "examples/food-delivery/order-service.mjs"]\n` },
    };
    const secret = parseYaml(readFileSync(`${seed}/203-secret.yaml`, 'utf8'));
    secret.data.alirocketmqsource = Buffer.from(
      JSON.stringify({ url: `http://${mq.proxyEndpoint}`, accessKeyId: '', accessKeySecret: '' }),
    ).toString('base64');
    const input = [images, secret].map((d) => JSON.stringify(d)).join('\n---\n');
    const applied = await runCli(['apply', '-f', '-'], { server: ebb.apiUrl, input });
    assert.equal(applied.code, 0, applied.stderr);
    const files = ['alirocketmqsource.yaml', 'broker.yaml', 'ksvc-order-service.yaml', 'trigger.yaml'];
    const seedApplied = await runCli(['apply', ...files.flatMap((f) => ['-f', `${seed}/${f}`])], {
      server: ebb.apiUrl,
    });
    assert.equal(seedApplied.code, 0, seedApplied.stderr);
    for (const [kind, name] of [
      ['ksvc', 'order-service'],
      ['trigger', 'order-service-trigger'],
      ['rocketmqsource', 'rocketmqsource'],
    ]) {
      const w = await runCli(['wait', kind!, name!, '--timeout', '90s'], {
        server: ebb.apiUrl,
        timeoutMs: 100_000,
      });
      assert.equal(w.code, 0, `${kind} ${name}: ${w.stdout}${w.stderr}\n${ebb.output().slice(-3000)}`);
    }
    const ids = await produceMany(
      mq.proxyEndpoint,
      'topic-knative',
      Array.from({ length: 20 }, (_, i) => ({
        body: JSON.stringify({ order: i }),
        tag: 'created',
        keys: [`o-${i}`],
      })),
    );
    await eventually(
      'every order in the order-service log',
      async () => {
        const logs = await runCli(['logs', 'ksvc/order-service'], { server: ebb.apiUrl });
        return ids.every((id) => logs.stdout.includes(`order ${id} `)) ? true : undefined;
      },
      60_000,
    );
    const got = await runCli(['get', 'rocketmqsource', 'rocketmqsource', '-o', 'json'], {
      server: ebb.apiUrl,
    });
    const status = JSON.parse(got.stdout).status;
    assert.match(status.sinkUri, /\/default\/order$/);
    for (const type of ['SinkProvided', 'Deployed', 'Ready']) {
      assert.equal(status.conditions.find((c: any) => c.type === type)?.status, 'True', type);
    }
    const metrics = await (await fetch(`${ebb.apiUrl}/metrics`)).text();
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
      apiCall(ebb.apiUrl, 'POST', SOURCES, {
        apiVersion: 'sources.knative.dev/v1alpha1',
        kind: 'RocketMQSource',
        metadata: { name },
        spec,
      });
    const condition = (name: string, type: string) =>
      eventually(
        `${name} ${type}=False`,
        async () => {
          const r = await apiCall(ebb.apiUrl, 'GET', `${SOURCES}/${name}`);
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
    const shown = await runCli(['get', 'rocketmqsources'], { server: ebb.apiUrl });
    assert.match(shown.stdout, /nowhere .*False +ConsumerStartFailed/);
    for (const name of ['nosink', 'nowhere']) await apiCall(ebb.apiUrl, 'DELETE', `${SOURCES}/${name}`);
  });

  test('mapping and at-least-once: a sink answering 503 twice still gets every message, as CloudEvents 1.0', async () => {
    const sink = await subscriber((_event, attempt) => (attempt <= 2 ? 503 : 202));
    await createSource('retry', {
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
    const ids = await produceMany(mq.proxyEndpoint, 'ebb-retry', [...plain, binary, structured]);
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

  test("dead letters: past the group's max attempts to %DLQ%group; with a deadLetterSink, there after delivery.retry", async () => {
    const failing = await subscriber(() => 500);
    const dls = await subscriber();
    await createSource('dlq', {
      topic: 'ebb-dead',
      consumerGroup: 'ebb-dlq-group',
      sink: { uri: failing.url },
      delivery: { backoffDelay: 'PT0.1S' },
    });
    await createSource('dls', {
      topic: 'ebb-dead',
      consumerGroup: 'ebb-dls-group',
      sink: { uri: failing.url },
      delivery: { retry: 2, backoffDelay: 'PT0.1S', deadLetterSink: { uri: dls.url } },
    });
    const [id] = await produceMany(mq.proxyEndpoint, 'ebb-dead', [{ body: 'doomed' }]);
    const letter = await eventually('the dead letter', async () => dls.received[0]?.event, 60_000);
    assert.equal(letter.attributes.id, id);
    assert.equal(letter.attributes.knativeerrorcode, '500');
    assert.equal(letter.attributes.knativeerrordest, failing.url);
    assert.equal(
      letter.attributes.rocketmqattempt,
      '3',
      'dead-lettered after the first attempt and 2 retries',
    );
    const dlq = await receiveAndAck(mq.proxyEndpoint, {
      topic: '%DLQ%ebb-dlq-group',
      consumerGroup: 'ebb-dlq-reader',
      timeoutMs: 60_000,
    });
    assert.deepEqual(
      dlq.map((m) => [m.messageId, m.body.toString()]),
      [[id, 'doomed']],
    );
    const attempts = failing.received.filter((r) => r.event.attributes.source?.includes('/dlq#')).length;
    assert.equal(attempts, 2, 'the group allows 2 deliveries (maxRetries 1) before RocketMQ dead-letters');
  });

  test('selectors: a TAG expression and a SQL92 condition on properties pick the messages delivered', async () => {
    const byTag = await subscriber();
    const bySql = await subscriber();
    await createSource('by-tag', {
      topic: 'ebb-selectors',
      consumerGroup: 'ebb-tag-group',
      selector: { type: 'TAG', expression: 'paid || refunded' },
      sink: { uri: byTag.url },
    });
    await createSource('by-sql', {
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
    await produceMany(mq.proxyEndpoint, 'ebb-selectors', messages, 1);
    const bodies = (s: Subscriber) => s.received.map((r) => r.event.data?.toString()).sort();
    await eventually('tag matches', async () => (byTag.received.length >= 3 ? true : undefined), 30_000);
    await eventually('sql matches', async () => (bySql.received.length >= 2 ? true : undefined), 30_000);
    await sleep(1_000);
    assert.deepEqual(bodies(byTag), ['b', 'c', 'd']);
    assert.deepEqual(bodies(bySql), ['a', 'd']);
  });

  test('FIFO: 1,000 messages over 10 message groups arrive in order per group, with injected failures', async () => {
    let requests = 0;
    const answers: { group: string; index: number; ok: boolean }[] = [];
    const sink = await subscriber((event) => {
      const ok = ++requests % 7 !== 0;
      const [group, index] = event.data!.toString().split(':') as [string, string];
      assert.equal(event.attributes.rocketmqmessagegroup, `group-${group}`);
      assert.equal(event.attributes.partitionkey, `group-${group}`);
      answers.push({ group, index: Number(index), ok });
      return ok ? 202 : 503;
    });
    await createSource('fifo', {
      topic: 'ebb-fifo',
      consumerGroup: 'ebb-fifo-group',
      sink: { uri: sink.url },
      delivery: { backoffDelay: 'PT0.05S' },
    });
    const groups = 10;
    const perGroup = 100;
    const messages = [];
    for (let i = 0; i < perGroup; i++) {
      for (let g = 0; g < groups; g++) messages.push({ body: `${g}:${i}`, messageGroup: `group-${g}` });
    }
    const ids = await produceMany(mq.proxyEndpoint, 'ebb-fifo', messages);
    await eventually(
      'all 1,000 FIFO messages accepted',
      async () => (ids.every((id) => sink.accepted.has(id)) ? true : undefined),
      120_000,
    );
    const next = new Map<string, number>();
    for (const { group, index, ok } of answers) {
      const expected = next.get(group) ?? 0;
      assert.ok(
        index <= expected,
        `group ${group}: message ${index} arrived before message ${expected} was accepted`,
      );
      if (ok && index === expected) next.set(group, expected + 1);
    }
    for (let g = 0; g < groups; g++)
      assert.equal(next.get(`${g}`), perGroup, `group ${g} complete, in order`);
    const failures = answers.filter((a) => !a.ok).length;
    assert.ok(failures > 50, `failures were injected (${failures} answered 503)`);
  });

  test('standalone: `ebb adapter rocketmq` configured by K_SINK and ROCKETMQ_* env delivers, and stops on SIGTERM', async () => {
    const sink = await subscriber();
    const adapter = spawn(process.execPath, [CLI_PATH, 'adapter', 'rocketmq'], {
      env: {
        ...process.env,
        K_SINK: sink.url,
        ROCKETMQ_ENDPOINTS: mq.proxyEndpoint,
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
        mq.proxyEndpoint,
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

  test(`crash: ebb up SIGKILLed with ${CRASH_MESSAGES} messages in flight, restarted; every message is delivered`, async (t) => {
    // The kill comes from inside the subscriber, at its 300th request: thousands are then still in flight.
    let requests = 0;
    const sink = await subscriber(() => {
      if (++requests === 300) process.kill(ebb.pid, 'SIGKILL');
      return 202;
    });
    await createSource('crash', {
      topic: 'ebb-crash',
      consumerGroup: 'ebb-crash-group',
      sink: { uri: sink.url },
      delivery: { timeout: 'PT5S' },
    });
    const ids = await produceMany(
      mq.proxyEndpoint,
      'ebb-crash',
      Array.from({ length: CRASH_MESSAGES }, (_, i) => ({ body: `m${i}` })),
    );
    await eventually('the SIGKILL', async () => (requests >= 300 ? true : undefined), 60_000);
    await ebb.kill();
    const atKill = sink.accepted.size;
    await sleep(500);
    ebb = await startEbbHere();
    await eventually(
      'every produced message delivered after the restart',
      async () => (ids.every((id) => sink.accepted.has(id)) ? true : undefined),
      180_000,
    );
    const duplicates = sink.received.length - sink.accepted.size;
    t.diagnostic(
      `${CRASH_MESSAGES} produced, ${atKill} delivered before SIGKILL, all ${sink.accepted.size} delivered after restart, ${duplicates} duplicates`,
    );
    assert.ok(atKill < CRASH_MESSAGES, 'the kill happened with messages still in flight');
  });
});
