/**
 * Concurrency and order: unordered delivery bounded by concurrencyPerTrigger, ordered delivery strictly one
 * at a time per partition key with failures blocking only their key, and bounded read-ahead.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeEvent, startScenario, waitFor } from './testing.js';

describe('trigger concurrency and order', () => {
  it('unordered - at most concurrencyPerTrigger attempts in flight, read-ahead bounded', async () => {
    const s = await startScenario(() => ({ delayMs: 15 }), {}, { concurrencyPerTrigger: 8 });
    let maxBuffered = 0;
    const probe = setInterval(() => {
      maxBuffered = Math.max(maxBuffered, s.manager.status(s.spec.id)?.buffered ?? 0);
    }, 2);
    try {
      await s.append(...Array.from({ length: 300 }, (_, i) => makeEvent(`e${i}`)));
      await waitFor('all delivered', () => s.seen.delivered.length === 300);
      assert.ok(s.subscriber.maxInFlight <= 8, `max in flight ${s.subscriber.maxInFlight}`);
      assert.ok(s.subscriber.maxInFlight >= 6, `concurrency used: ${s.subscriber.maxInFlight}`);
      assert.ok(maxBuffered <= 16, `read-ahead ${maxBuffered} exceeds 2 × concurrency`);
    } finally {
      clearInterval(probe);
      await s.close();
    }
  });

  it('ordered - 10 keys × 200 events with injected failures arrive in order per key', async () => {
    const keys = Array.from({ length: 10 }, (_, k) => `k${k}`);
    const s = await startScenario(
      (e, attempt) => {
        const seq = Number(e.attributes.seq);
        const fail = seq % 17 === 3 && attempt <= 2;
        return fail ? { status: 503, delayMs: 1 } : { delayMs: 1 };
      },
      { ordered: true, delivery: { retry: 3, backoffDelayMs: 5 } },
      { concurrencyPerTrigger: 10 },
    );
    try {
      const events = [];
      for (let seq = 0; seq < 200; seq++) {
        for (const key of keys)
          events.push(makeEvent(`${key}-${seq}`, { partitionkey: key, seq: String(seq) }));
      }
      for (let i = 0; i < events.length; i += 250) await s.append(...events.slice(i, i + 250));
      await waitFor('all delivered', () => s.seen.delivered.length === 2000, 30_000);
      assert.equal(s.subscriber.maxInFlightPerKey, 1, 'two attempts of one key overlapped');
      for (const key of keys) {
        const seqs = s.subscriber.accepted
          .filter((e) => e.attributes.partitionkey === key)
          .map((e) => Number(e.attributes.seq));
        assert.deepEqual(
          seqs,
          Array.from({ length: 200 }, (_, i) => i),
          `order of ${key}`,
        );
        const attempts = s.subscriber.received
          .filter((r) => r.event.attributes.partitionkey === key)
          .map((r) => Number(r.event.attributes.seq));
        for (let i = 1; i < attempts.length; i++) {
          assert.ok(
            attempts[i]! >= attempts[i - 1]!,
            `${key} went back from ${attempts[i - 1]} to ${attempts[i]}`,
          );
        }
      }
      assert.ok(s.subscriber.maxInFlight > 1, 'keys were delivered in parallel');
      assert.ok(s.subscriber.maxInFlight <= 10);
      assert.ok(s.seen.retries.length > 0, 'failures were injected');
    } finally {
      await s.close();
    }
  });

  it('ordered - a failing event blocks only its key; events without partitionkey share one key', async () => {
    let released = false;
    const s = await startScenario(
      (e) => (e.attributes.id === 'a-0' && !released ? { status: 503 } : undefined),
      { ordered: true, delivery: { retry: 1000, backoffPolicy: 'linear', backoffDelayMs: 20 } },
    );
    try {
      await s.append(
        makeEvent('a-0', { partitionkey: 'a' }),
        makeEvent('a-1', { partitionkey: 'a' }),
        makeEvent('b-0', { partitionkey: 'b' }),
        makeEvent('n-0'),
        makeEvent('b-1', { partitionkey: 'b' }),
        makeEvent('n-1'),
      );
      await waitFor('b and no-key events delivered', () => s.seen.delivered.length === 4);
      const ids = () => s.subscriber.accepted.map((e) => e.attributes.id);
      assert.deepEqual(ids().sort(), ['b-0', 'b-1', 'n-0', 'n-1']);
      assert.ok(ids().indexOf('n-0') < ids().indexOf('n-1'));
      assert.equal(s.subscriber.attempts('a-1'), 0, 'a-1 waits behind a-0');
      released = true;
      await waitFor('a delivered', () => s.seen.delivered.length === 6);
      assert.deepEqual(ids().slice(4), ['a-0', 'a-1']);
    } finally {
      await s.close();
    }
  });

  it('unordered - an event waiting for a long retry does not stall the others', async () => {
    const s = await startScenario(
      (e) => (e.attributes.id === 'stuck' ? { status: 503 } : undefined),
      { delivery: { retry: 5, backoffPolicy: 'linear', backoffDelayMs: 60_000 } },
      { concurrencyPerTrigger: 4 },
    );
    try {
      await s.append(makeEvent('stuck'), ...Array.from({ length: 100 }, (_, i) => makeEvent(`e${i}`)));
      await waitFor('the others delivered', () => s.seen.delivered.length === 100);
      const status = s.manager.status(s.spec.id)!;
      assert.equal(status.retrying, 1);
      assert.equal(status.committed, 0, 'the commit waits for the stuck event');
      assert.equal(status.buffered, 0, 'the waiting event is not held in memory');
    } finally {
      await s.close();
    }
  });
});
