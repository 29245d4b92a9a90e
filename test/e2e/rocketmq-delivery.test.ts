/**
 * RocketMQSource delivery guarantees end to end, against a real RocketMQ and a real `ebb up`: dead letters
 * (RocketMQ's %DLQ% and a deadLetterSink), FIFO order per message group with failures, a proxy unreachable
 * for a minute (Ready=False all along, then recovery), and no message lost when `ebb up` is SIGKILLed with
 * thousands in flight. Skipped, saying what is missing, without Java/Maven.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { produceMany, receiveAndAck } from '../../src/rocketmq/index.js';
import { runCli } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { rocketmqSkip, rocketmqSuite, SOURCES } from '../helpers/rocketmq.js';

const CRASH_MESSAGES = Number(process.env.EBB_ROCKETMQ_CRASH_MESSAGES ?? 5_000);

describe('rocketmq source delivery', { skip: rocketmqSkip, timeout: 900_000 }, () => {
  const s = rocketmqSuite(async (mq) => {
    await Promise.all([
      mq.createTopic('ebb-dead'),
      mq.createGroup('ebb-dlq-group', { maxRetries: 1 }),
      mq.createGroup('ebb-dls-group'),
      mq.createTopic('ebb-fifo', { fifo: true }),
      mq.createGroup('ebb-fifo-group', { fifo: true }),
      mq.createTopic('ebb-outage'),
      mq.createGroup('ebb-outage-group'),
      mq.createTopic('ebb-crash'),
      mq.createGroup('ebb-crash-group'),
    ]);
  });

  test("dead letters: past the group's max attempts to %DLQ%group; with a deadLetterSink, there after delivery.retry", async () => {
    const failing = await s.subscriber(() => 500);
    const dls = await s.subscriber();
    await s.createSource('dlq', {
      topic: 'ebb-dead',
      consumerGroup: 'ebb-dlq-group',
      sink: { uri: failing.url },
      delivery: { backoffDelay: 'PT0.1S' },
    });
    await s.createSource('dls', {
      topic: 'ebb-dead',
      consumerGroup: 'ebb-dls-group',
      sink: { uri: failing.url },
      delivery: { retry: 2, backoffDelay: 'PT0.1S', deadLetterSink: { uri: dls.url } },
    });
    const [id] = await produceMany(s.mq.proxyEndpoint, 'ebb-dead', [{ body: 'doomed' }]);
    const letter = await eventually('the dead letter', async () => dls.received[0]?.event, 60_000);
    assert.equal(letter.attributes.id, id);
    assert.equal(letter.attributes.knativeerrorcode, '500');
    assert.equal(letter.attributes.knativeerrordest, failing.url);
    assert.equal(
      letter.attributes.rocketmqattempt,
      '3',
      'dead-lettered after the first attempt and 2 retries',
    );
    const dlq = await receiveAndAck(s.mq.proxyEndpoint, {
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

  test('FIFO: 1,000 messages over 10 message groups arrive in order per group, with injected failures', async () => {
    let requests = 0;
    const answers: { group: string; index: number; ok: boolean }[] = [];
    const sink = await s.subscriber((event) => {
      const ok = ++requests % 7 !== 0;
      const [group, index] = event.data!.toString().split(':') as [string, string];
      assert.equal(event.attributes.rocketmqmessagegroup, `group-${group}`);
      assert.equal(event.attributes.partitionkey, `group-${group}`);
      answers.push({ group, index: Number(index), ok });
      return ok ? 202 : 503;
    });
    await s.createSource('fifo', {
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
    const ids = await produceMany(s.mq.proxyEndpoint, 'ebb-fifo', messages);
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

  test('outage: a proxy unreachable for a minute keeps the source Ready=False all along; then it recovers', async (t) => {
    const OUTAGE_MS = 60_000;
    // SIGSTOP freezes the proxy (the broker runs inside it): connections hang, as on a lost network.
    const proxy = s.mq.pids.proxy;
    const sink = await s.subscriber();
    await s.createSource('outage', {
      topic: 'ebb-outage',
      consumerGroup: 'ebb-outage-group',
      sink: { uri: sink.url },
    });
    const ready = async () => {
      const res = await apiCall(s.ebb.apiUrl, 'GET', `${SOURCES}/outage`);
      return res.body?.status?.conditions?.find((c: any) => c.type === 'Ready');
    };
    const [before] = await produceMany(s.mq.proxyEndpoint, 'ebb-outage', [{ body: 'before' }]);
    await eventually(
      'the first message',
      async () => (sink.accepted.has(before!) ? true : undefined),
      30_000,
    );
    process.kill(proxy, 'SIGSTOP');
    const cut = Date.now();
    t.after(() => {
      try {
        process.kill(proxy, 'SIGCONT');
      } catch {}
    });
    const down = await eventually(
      'Ready=False',
      async () => {
        const c = await ready();
        return c?.status === 'False' ? c : undefined;
      },
      30_000,
    );
    const noticedMs = Date.now() - cut;
    assert.equal(down.reason, 'ReceiveFailed');
    assert.match(
      down.message,
      new RegExp(`from ${s.mq.proxyEndpoint} fails since \\d{4}-.*; last error at `),
    );
    const samples: string[] = [];
    while (Date.now() - cut < OUTAGE_MS) {
      samples.push((await ready())?.status ?? 'missing');
      await sleep(1_000);
    }
    assert.deepEqual(
      samples.filter((x) => x !== 'False'),
      [],
      `Ready stays False while the proxy is unreachable (${samples.join(' ')})`,
    );
    const described = await runCli(['describe', 'rocketmqsource', 'outage'], { server: s.ebb.apiUrl });
    assert.match(described.stdout, /ReceiveFailed/);
    assert.match(described.stdout, /fails since .* last error at /);
    const metrics = await (await fetch(`${s.ebb.apiUrl}/metrics`)).text();
    const failures = /rocketmq_source_receive_failures_total\{namespace="default",name="outage"\} (\d+)/.exec(
      metrics,
    );
    assert.ok(Number(failures?.[1]) > 0, `receive failures counted: ${failures?.[0]}`);
    process.kill(proxy, 'SIGCONT');
    const reopened = Date.now();
    await eventually(
      'Ready=True again',
      async () => ((await ready())?.status === 'True' ? true : undefined),
      60_000,
    );
    const recoveredMs = Date.now() - reopened;
    const [after] = await produceMany(s.mq.proxyEndpoint, 'ebb-outage', [{ body: 'after' }]);
    await eventually(
      'a message sent after',
      async () => (sink.accepted.has(after!) ? true : undefined),
      60_000,
    );
    t.diagnostic(
      `Ready=False ${noticedMs} ms after the cut, False in all ${samples.length} samples over ${OUTAGE_MS / 1000} s, True ${recoveredMs} ms after SIGCONT`,
    );
    await apiCall(s.ebb.apiUrl, 'DELETE', `${SOURCES}/outage`);
  });

  test(`crash: ebb up SIGKILLed with ${CRASH_MESSAGES} messages in flight, restarted; every message is delivered`, async (t) => {
    // The kill comes from inside the subscriber, at its 300th request: thousands are then still in flight.
    let requests = 0;
    const sink = await s.subscriber(() => {
      if (++requests === 300) process.kill(s.ebb.pid, 'SIGKILL');
      return 202;
    });
    await s.createSource('crash', {
      topic: 'ebb-crash',
      consumerGroup: 'ebb-crash-group',
      sink: { uri: sink.url },
      delivery: { timeout: 'PT5S' },
    });
    const ids = await produceMany(
      s.mq.proxyEndpoint,
      'ebb-crash',
      Array.from({ length: CRASH_MESSAGES }, (_, i) => ({ body: `m${i}` })),
    );
    await eventually('the SIGKILL', async () => (requests >= 300 ? true : undefined), 60_000);
    await s.ebb.kill();
    const atKill = sink.accepted.size;
    await sleep(500);
    await s.restartEbb();
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
