/**
 * The manager's lifecycle: new triggers start at the head, remove stops delivery, and a restart on the same
 * log redelivers every unfinished event and continues pending retries where they were.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DispatcherManager } from './manager.js';
import {
  makeEvent,
  makeSpec,
  openTestLog,
  recordHooks,
  startScenario,
  startSink,
  waitFor,
} from './testing.js';

describe('dispatcher manager', () => {
  it('manager - a new trigger starts at the stream head; older events are not delivered', async () => {
    const t = await openTestLog();
    const sub = await startSink();
    const spec = makeSpec(sub.url);
    const manager = new DispatcherManager({ log: t.log });
    try {
      await t.log.append(spec.stream, [makeEvent('before')]);
      await manager.upsert(spec);
      await t.log.append(spec.stream, [makeEvent('after')]);
      await waitFor('after delivered', () => sub.received.length === 1);
      await sleep(50);
      assert.deepEqual(
        sub.received.map((r) => r.event.attributes.id),
        ['after'],
      );
    } finally {
      await manager.stopAll();
      await sub.close();
      await t.cleanup();
    }
  });

  it('manager - upsert applies a new subscriber in place; remove stops delivery and drops the consumer', async () => {
    const s = await startScenario(() => undefined);
    const other = await startSink();
    try {
      await s.append(makeEvent('one'));
      await waitFor('one', () => s.subscriber.received.length === 1);
      await s.manager.upsert({ ...s.spec, subscriberUri: other.url });
      await s.append(makeEvent('two'));
      await waitFor('two at the new subscriber', () => other.received.length === 1);
      await s.manager.remove(s.spec.id);
      assert.equal(s.manager.status(s.spec.id), undefined);
      await s.append(makeEvent('three'));
      await sleep(100);
      assert.equal(other.received.length, 1);
      assert.equal(s.subscriber.received.length, 1);
    } finally {
      await other.close();
      await s.close();
    }
  });

  it('manager - restart mid-stream: every event delivered at least once, pending retries continue their count', async () => {
    const t = await openTestLog();
    // 'flaky' always fails; the others are slow so some are in flight at the stop.
    const script = (e: { attributes: Record<string, string> }) =>
      e.attributes.id === 'flaky' ? { status: 503 } : { delayMs: 50 };
    const sub = await startSink(script);
    const dls = await startSink();
    const spec = makeSpec(sub.url, {
      delivery: { retry: 3, backoffPolicy: 'linear', backoffDelayMs: 300, deadLetterUri: dls.url },
    });
    const first = recordHooks();
    let manager = new DispatcherManager({ log: t.log, hooks: first.hooks, concurrencyPerTrigger: 4 });
    try {
      await manager.upsert(spec);
      const ids = ['flaky', ...Array.from({ length: 60 }, (_, i) => `e${i}`)];
      await t.log.append(
        spec.stream,
        ids.map((id) => makeEvent(id)),
      );
      await waitFor('flaky failed twice', () => sub.attempts('flaky') === 2);
      await manager.stopAll();
      const attemptsBefore = sub.attempts('flaky');
      assert.equal(attemptsBefore, 2);
      assert.ok(sub.accepted.length < 60, 'stopped mid-stream');

      await t.log.close();
      const log = await t.reopen();
      const second = recordHooks();
      manager = new DispatcherManager({ log, hooks: second.hooks, concurrencyPerTrigger: 4 });
      await manager.upsert(spec);
      await waitFor('flaky dead-lettered', () => dls.received.length === 1, 15_000);
      await waitFor(
        'all others delivered',
        () => new Set(sub.accepted.map((e) => e.attributes.id)).size === 60,
      );
      // Retry 3 = 4 attempts in all: 2 before the restart, 2 after — the count went on, it did not restart.
      assert.equal(sub.attempts('flaky'), 4);
      assert.deepEqual(
        second.seen.retries.map((r) => r.retry),
        [3],
      );
      assert.equal(dls.received[0]!.event.attributes.knativeerrorcode, '503');
      const head = await log.head(spec.stream);
      await waitFor('committed to the head', () => manager.status(spec.id)?.committed === head);
    } finally {
      await manager.stopAll();
      await Promise.all([sub.close(), dls.close()]);
      await t.cleanup();
    }
  });

  it('manager - stopAll aborts attempts still running after the bound and keeps them unfinished', async () => {
    const t = await openTestLog();
    const sub = await startSink(() => ({ delayMs: 5_000 }));
    const spec = makeSpec(sub.url);
    const manager = new DispatcherManager({ log: t.log, stopTimeoutMs: 100 });
    try {
      await manager.upsert(spec);
      await t.log.append(spec.stream, [makeEvent('hung')]);
      await waitFor('attempt started', () => sub.received.length === 1);
      const started = Date.now();
      await manager.stopAll();
      assert.ok(Date.now() - started < 2_000, 'stop is bounded');
      assert.equal(await t.log.committed(spec.stream, spec.id), 0, 'the hung event is not committed');
    } finally {
      await sub.close();
      await t.cleanup();
    }
  });
});
