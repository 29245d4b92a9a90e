import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { KSVC, ksvc, record, ref, secret, settle, type TempStore, tempStore } from './testing.js';
import type { WatchEvent } from './types.js';

describe('sqlite store - watch', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore({ historyLimit: 20 });
  });
  afterEach(() => t.dispose());

  it('delivers ADDED → MODIFIED → DELETED synchronously after each write, in rv order', () => {
    const rec = record(t.store, KSVC);
    const created = t.store.create(KSVC, ksvc('w'));
    assert.equal(rec.events.length, 1, 'delivered before create returns');
    t.store.patch(ref('w'), { spec: { v: 2 } });
    t.store.create('secrets', secret('other', {}));
    t.store.delete(ref('w'));
    const rv = Number(created.metadata.resourceVersion);
    assert.deepEqual(rec.summary(), [`ADDED w@${rv}`, `MODIFIED w@${rv + 1}`, `DELETED w@${rv + 3}`]);
    assert.equal(rec.events[2]!.object.spec.v, 2, 'DELETED carries the last state');
  });

  it('watch from a resourceVersion replays exactly the later changes, then goes live', async () => {
    t.store.create(KSVC, ksvc('a'));
    const from = t.store.currentResourceVersion();
    t.store.create(KSVC, ksvc('b'));
    t.store.patch(ref('a'), { spec: { v: 1 } });
    t.store.create('secrets', secret('s', {}));
    const rec = record(t.store, KSVC, { resourceVersion: from });
    t.store.delete(ref('b'));
    await settle();
    const base = Number(from);
    assert.deepEqual(rec.summary(), [
      `ADDED b@${base + 1}`,
      `MODIFIED a@${base + 2}`,
      `DELETED b@${base + 4}`,
    ]);
    const all = record(t.store, '*', { resourceVersion: from });
    await settle();
    assert.equal(all.events.length, 4);
    const none = record(t.store, KSVC, { resourceVersion: t.store.currentResourceVersion() });
    await settle();
    assert.deepEqual(none.events, []);
  });

  it('resourceVersion 0 replays history while complete, else starts from the current objects', async () => {
    t.store.create(KSVC, ksvc('a'));
    t.store.delete(ref('a'));
    const full = record(t.store, KSVC, { resourceVersion: '0' });
    await settle();
    assert.deepEqual(full.summary(), ['ADDED a@1', 'DELETED a@2']);
    for (let i = 0; i < 25; i++) t.store.create('secrets', secret(`s${i}`, {}));
    t.store.create(KSVC, ksvc('z'));
    const snap = record(t.store, KSVC, { resourceVersion: '0' });
    await settle();
    assert.deepEqual(snap.summary(), ['ADDED z@28']);
  });

  it('a resourceVersion older than the kept history is 410 Gone', () => {
    for (let i = 0; i < 30; i++) t.store.create('secrets', secret(`s${i}`, {}));
    assert.throws(
      () => t.store.watch('secrets', { resourceVersion: '5' }, () => {}),
      (err: unknown) =>
        err instanceof ApiError && err.status === 410 && err.message === 'too old resource version: 5 (10)',
    );
    assert.doesNotThrow(() => t.store.watch('secrets', { resourceVersion: '10' }, () => {}).close());
    assert.throws(
      () => t.store.watch('secrets', { resourceVersion: '99' }, () => {}),
      (e: unknown) => {
        return e instanceof ApiError && e.status === 504;
      },
    );
    assert.throws(
      () => t.store.watch('secrets', { resourceVersion: 'x' }, () => {}),
      (e: unknown) => {
        return e instanceof ApiError && e.status === 400;
      },
    );
  });

  it('filters by namespace and label selector; objects entering and leaving a selector are ADDED/DELETED', () => {
    const rec = record(t.store, KSVC, { namespace: 'default', labelSelector: 'app=web' });
    t.store.create(
      KSVC,
      ksvc('other-ns', {}, { metadata: { name: 'other-ns', namespace: 'x', labels: { app: 'web' } } }),
    );
    t.store.create(KSVC, ksvc('plain'));
    t.store.patch(ref('plain'), { metadata: { labels: { app: 'web' } } });
    t.store.patch(ref('plain'), { spec: { v: 1 } });
    t.store.patch(ref('plain'), { metadata: { labels: { app: 'api' } } });
    t.store.patch(ref('plain'), { spec: { v: 2 } });
    assert.deepEqual(
      rec.events.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'DELETED'],
    );
  });

  it('close stops delivery, also from inside a callback', () => {
    const seen: string[] = [];
    const w = t.store.watch(KSVC, {}, (e) => {
      seen.push(e.object.metadata.name);
      w.close();
    });
    t.store.create(KSVC, ksvc('one'));
    t.store.create(KSVC, ksvc('two'));
    assert.deepEqual(seen, ['one']);
  });

  it('a throwing callback is reported and does not stop other watchers or later events', () => {
    const reported: unknown[] = [];
    const onError = (message: unknown) => reported.push(message);
    subscribe('ebb:store:watch-callback-error', onError);
    try {
      let calls = 0;
      t.store.watch(KSVC, {}, () => {
        calls++;
        throw new Error('boom');
      });
      const rec = record(t.store, KSVC);
      t.store.create(KSVC, ksvc('a'));
      t.store.create(KSVC, ksvc('b'));
      assert.equal(calls, 2);
      assert.equal(rec.events.length, 2);
      assert.equal(reported.length, 2);
    } finally {
      unsubscribe('ebb:store:watch-callback-error', onError);
    }
  });

  it('a callback that writes sees its own write after the current event; other watchers keep rv order', () => {
    const order: string[] = [];
    t.store.watch(KSVC, {}, (e) => {
      order.push(`first ${e.type} ${e.object.metadata.name}`);
      if (e.object.metadata.name === 'a' && e.type === 'ADDED') t.store.create(KSVC, ksvc('b'));
    });
    const second: WatchEvent[] = [];
    t.store.watch(KSVC, {}, (e) => second.push(e));
    t.store.create(KSVC, ksvc('a'));
    assert.deepEqual(order, ['first ADDED a', 'first ADDED b']);
    assert.deepEqual(
      second.map((e) => Number(e.object.metadata.resourceVersion)),
      [1, 2],
    );
  });

  it('events are never emitted for rolled-back writes', () => {
    const rec = record(t.store, KSVC);
    t.store.create(KSVC, ksvc('a'));
    assert.throws(() => t.store.create(KSVC, ksvc('a')));
    assert.throws(() =>
      t.store.update(KSVC, {
        ...ksvc('a'),
        metadata: { name: 'a', namespace: 'default', resourceVersion: '999' },
      }),
    );
    assert.equal(rec.events.length, 1);
  });

  it('closing the store closes its watchers', () => {
    const rec = record(t.store, KSVC);
    const store = t.reopen();
    store.create(KSVC, ksvc('after-reopen'));
    assert.deepEqual(rec.events, []);
  });
});
