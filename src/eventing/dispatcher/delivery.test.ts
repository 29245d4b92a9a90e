/**
 * Knative's delivery contract, end to end on a real log and real HTTP subscribers: retries, dead letters
 * with error extensions, Retry-After, timeouts, replies and filters.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrokerIngress } from '../ingress/index.js';
import { makeEvent, type Scenario, startScenario, startSink, waitFor } from './testing.js';

const decode = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString();

describe('trigger delivery', () => {
  // Knative's matrix: retry × subscriber failing N times, with and without a dead-letter sink.
  const matrix = [
    { retry: 0, fails: 2, dls: true, want: 'dead-lettered', attempts: 1 },
    { retry: 1, fails: 2, dls: true, want: 'dead-lettered', attempts: 2 },
    { retry: 3, fails: 2, dls: true, want: 'delivered', attempts: 3 },
    { retry: 3, fails: 3, dls: true, want: 'delivered', attempts: 4 },
    { retry: 3, fails: 4, dls: true, want: 'dead-lettered', attempts: 4 },
    { retry: 1, fails: 4, dls: false, want: 'dropped', attempts: 2 },
    { retry: 0, fails: 2, dls: false, want: 'dropped', attempts: 1 },
  ] as const;
  for (const c of matrix) {
    it(`trigger - retry ${c.retry}, subscriber failing ${c.fails} times${c.dls ? '' : ', no DLS'}: ${c.want}`, async () => {
      const s = await startScenario(
        (_e, attempt) => (attempt <= c.fails ? { status: 503, body: `down ${attempt}` } : undefined),
        { withDls: c.dls, delivery: { retry: c.retry, backoffDelayMs: 2 } },
      );
      try {
        const [offset] = await s.append(makeEvent('e1', {}, 'hi'));
        await waitFor('the event to be done', () => s.seen.done() === 1);
        assert.equal(s.subscriber.attempts('e1'), c.attempts);
        assert.equal(s.seen.retries.length, c.attempts - 1);
        assert.deepEqual(
          s.seen.retries.map((r) => r.retry),
          Array.from({ length: c.attempts - 1 }, (_, i) => i + 1),
        );
        if (c.want === 'delivered') assert.deepEqual(s.seen.delivered, [offset]);
        if (c.want === 'dropped') {
          assert.deepEqual(
            s.seen.dropped.map((d) => [d.offset, d.status]),
            [[offset, 503]],
          );
          assert.equal(s.dls.received.length, 0);
        }
        if (c.want === 'dead-lettered') {
          assert.deepEqual(s.seen.deadLettered, [{ offset, status: 503 }]);
          assert.equal(s.dls.received.length, 1);
          const dead = s.dls.received[0]!.event;
          assert.equal(dead.attributes.id, 'e1');
          assert.equal(dead.data?.toString(), 'hi');
          assert.equal(dead.attributes.knativeerrordest, s.subscriber.url);
          assert.equal(dead.attributes.knativeerrorcode, '503');
          assert.equal(decode(dead.attributes.knativeerrordata), `down ${c.attempts}`);
        }
        await waitFor('the offset to be committed', () => s.manager.status(s.spec.id)?.committed === offset);
      } finally {
        await s.close();
      }
    });
  }

  it('trigger - a non-retryable 400 goes straight to the dead-letter sink', async () => {
    const s = await startScenario(() => ({ status: 400, body: 'bad order' }), { delivery: { retry: 5 } });
    try {
      await s.append(makeEvent('e1'));
      await waitFor('dead letter', () => s.dls.received.length === 1);
      assert.equal(s.subscriber.attempts('e1'), 1);
      const dead = s.dls.received[0]!.event;
      assert.equal(dead.attributes.knativeerrorcode, '400');
      assert.equal(decode(dead.attributes.knativeerrordata), 'bad order');
    } finally {
      await s.close();
    }
  });

  it('trigger - the dead-letter POST is itself retried with the same policy', async () => {
    const s = await startScenario(() => ({ status: 500 }), { delivery: { retry: 2 } });
    const flaky = await startSink((_e, attempt) => (attempt <= 2 ? { status: 503 } : undefined));
    try {
      await s.manager.upsert({ ...s.spec, delivery: { ...s.spec.delivery, deadLetterUri: flaky.url } });
      await s.append(makeEvent('e1'));
      await waitFor('dead letter', () => s.seen.deadLettered.length === 1);
      assert.equal(flaky.attempts('e1'), 3);
      assert.equal(flaky.received[2]!.event.attributes.knativeerrorcode, '500');
    } finally {
      await flaky.close();
      await s.close();
    }
  });

  it('trigger - 429 Retry-After is honoured up to retryAfterMax', async () => {
    const script = (_e: unknown, attempt: number) =>
      attempt === 1 ? { status: 429, headers: { 'retry-after': '1' } } : undefined;
    const capped = await startScenario(script, {
      delivery: { retry: 1, backoffDelayMs: 5, retryAfterMaxMs: 300 },
    });
    const ignored = await startScenario(script, { delivery: { retry: 1, backoffDelayMs: 5 } });
    try {
      await capped.append(makeEvent('e1'));
      await ignored.append(makeEvent('e1'));
      await waitFor(
        'both delivered',
        () => capped.seen.delivered.length === 1 && ignored.seen.delivered.length === 1,
      );
      const gap = (s: Scenario) => s.subscriber.received[1]!.at - s.subscriber.received[0]!.at;
      assert.equal(capped.seen.retries[0]!.delayMs, 300);
      assert.ok(gap(capped) >= 280 && gap(capped) < 900, `capped gap ${gap(capped)}`);
      assert.equal(ignored.seen.retries[0]!.delayMs, 5);
      assert.ok(gap(ignored) < 250, `ignored gap ${gap(ignored)}`);
    } finally {
      await capped.close();
      await ignored.close();
    }
  });

  it('trigger - an attempt that passes delivery.timeout is retried; exhausted, it dead-letters without a code', async () => {
    const s = await startScenario(
      (e, attempt) => {
        if (e.attributes.id === 'slow-once') return attempt === 1 ? { delayMs: 400 } : undefined;
        return { delayMs: 400 };
      },
      { delivery: { retry: 1, timeoutMs: 100 } },
    );
    try {
      await s.append(makeEvent('slow-once'), makeEvent('always-slow'));
      await waitFor('both done', () => s.seen.done() === 2);
      assert.equal(s.seen.delivered.length, 1);
      assert.equal(s.subscriber.attempts('slow-once'), 2);
      assert.equal(s.subscriber.attempts('always-slow'), 2);
      const dead = s.dls.received[0]!.event;
      assert.equal(dead.attributes.id, 'always-slow');
      assert.equal(dead.attributes.knativeerrorcode, undefined);
      assert.match(decode(dead.attributes.knativeerrordata), /did not answer within 100 ms/);
    } finally {
      await s.close();
    }
  });

  it('trigger - a network error is retried, then dead-lettered without a code', async () => {
    const s = await startScenario(() => undefined, { delivery: { retry: 2 } });
    try {
      await s.manager.upsert({ ...s.spec, subscriberUri: 'http://127.0.0.1:1/' });
      await s.append(makeEvent('e1'));
      await waitFor('dead letter', () => s.dls.received.length === 1);
      assert.equal(s.seen.retries.length, 2);
      assert.equal(s.dls.received[0]!.event.attributes.knativeerrordest, 'http://127.0.0.1:1/');
      assert.equal(s.dls.received[0]!.event.attributes.knativeerrorcode, undefined);
    } finally {
      await s.close();
    }
  });

  it('trigger - reply events go to the reply URI with knativebrokerttl decremented', async () => {
    const broker = await startSink();
    const s = await startScenario((e) => ({
      status: 200,
      headers: {
        'ce-specversion': '1.0',
        'ce-id': `reply-${e.attributes.id}`,
        'ce-source': '/sub',
        'ce-type': 'test.reply',
        'content-type': 'application/json',
      },
      body: '{"ok":true}',
    }));
    try {
      await s.manager.upsert({ ...s.spec, replyUri: broker.url });
      await s.append(makeEvent('e1', { knativebrokerttl: '5' }), makeEvent('e2', { knativebrokerttl: '1' }));
      await waitFor('both delivered', () => s.seen.delivered.length === 2);
      assert.equal(s.subscriber.received[0]!.headers.prefer, 'reply');
      assert.equal(broker.received.length, 1);
      const reply = broker.received[0]!.event;
      assert.equal(reply.attributes.id, 'reply-e1');
      assert.equal(reply.attributes.knativebrokerttl, '4');
      assert.equal(reply.data?.toString(), '{"ok":true}');
      assert.deepEqual(s.seen.replies.map((r) => r.outcome).sort(), ['sent', 'ttl-exhausted']);
    } finally {
      await broker.close();
      await s.close();
    }
  });

  it('trigger - a subscriber that answers every event with an event loops until knativebrokerttl runs out', async () => {
    const s = await startScenario((e) => ({
      status: 200,
      headers: {
        'ce-specversion': '1.0',
        'ce-id': `re-${e.attributes.id}`,
        'ce-source': '/sub',
        'ce-type': 'loop',
      },
    }));
    const ingress = new BrokerIngress({ log: s.t.log });
    ingress.setBroker('default', 'b1', { stream: s.spec.stream });
    const server = createServer((req, res) => {
      if (!ingress.handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      await s.manager.upsert({ ...s.spec, replyUri: `http://127.0.0.1:${port}/default/b1` });
      await s.append(makeEvent('e', { knativebrokerttl: '4' }));
      await waitFor('the loop to end', () => s.seen.replies.some((r) => r.outcome === 'ttl-exhausted'));
      await sleep(50);
      const ttls = s.subscriber.received.map((r) => r.event.attributes.knativebrokerttl);
      assert.deepEqual(ttls, ['4', '3', '2', '1']);
      assert.equal(await s.t.log.head(s.spec.stream), 4);
    } finally {
      await s.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('trigger - a reply the broker keeps refusing dead-letters the original', async () => {
    const broker = await startSink(() => ({ status: 500 }));
    const s = await startScenario(() => ({
      status: 200,
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ specversion: '1.0', id: 'r1', source: '/sub', type: 'test.reply' }),
    }));
    try {
      await s.manager.upsert({ ...s.spec, replyUri: broker.url });
      await s.append(makeEvent('e1'));
      await waitFor('dead letter', () => s.dls.received.length === 1);
      assert.equal(s.dls.received[0]!.event.attributes.knativeerrordest, broker.url);
      assert.equal(s.dls.received[0]!.event.attributes.id, 'e1');
    } finally {
      await broker.close();
      await s.close();
    }
  });

  it('trigger - a 2xx with a body that is not a CloudEvent fails the delivery (not retried)', async () => {
    const s = await startScenario(() => ({ status: 200, body: 'thanks!' }), { delivery: { retry: 3 } });
    try {
      await s.append(makeEvent('e1'));
      await waitFor('dead letter', () => s.dls.received.length === 1);
      assert.equal(s.subscriber.attempts('e1'), 1);
      assert.equal(s.seen.delivered.length, 0);
      const dead = s.dls.received[0]!.event;
      assert.equal(dead.attributes.knativeerrorcode, '200');
      assert.equal(decode(dead.attributes.knativeerrordata), 'thanks!');
    } finally {
      await s.close();
    }
  });

  it('trigger - attribute filter: exact values, "" = present; the rest counts as done', async () => {
    const s = await startScenario(() => undefined, { attributes: { type: 'order.created', region: '' } });
    try {
      const offsets = await s.append(
        makeEvent('match', { type: 'order.created', region: 'eu' }),
        makeEvent('no-region', { type: 'order.created' }),
        makeEvent('other-type', { type: 'order.paid', region: 'eu' }),
        makeEvent('match-2', { type: 'order.created', region: '' }),
      );
      await waitFor('committed past all', () => s.manager.status(s.spec.id)?.committed === offsets[3]);
      assert.deepEqual(
        s.subscriber.received.map((r) => r.event.attributes.id),
        ['match', 'match-2'],
      );
      assert.equal(s.manager.status(s.spec.id)?.filtered, 2);
    } finally {
      await s.close();
    }
  });

  it('trigger - spec.matches wins over attributes', async () => {
    const s = await startScenario(() => undefined, {
      attributes: { type: 'never' },
      matches: (e) => e.attributes.id!.startsWith('yes'),
    });
    try {
      await s.append(makeEvent('yes-1'), makeEvent('no-1'), makeEvent('yes-2'));
      await waitFor('two delivered', () => s.seen.delivered.length === 2);
      assert.deepEqual(s.subscriber.received.map((r) => r.event.attributes.id).sort(), ['yes-1', 'yes-2']);
    } finally {
      await s.close();
    }
  });
});
