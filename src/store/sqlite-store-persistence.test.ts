import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqliteResourceStore } from './sqlite-store.js';
import { isApiError, KSVC, ksvc, ref, secret, settle, tempStore } from './testing.js';

describe('sqlite store - persistence', () => {
  it('reopening keeps objects, uids and resourceVersions; new rvs continue above the old ones', async () => {
    const t = tempStore();
    try {
      const kept = t.store.create(KSVC, ksvc('kept'));
      t.store.create(KSVC, ksvc('gone'));
      t.store.delete(ref('gone'));
      const rvBefore = Number(t.store.currentResourceVersion());
      const store = t.reopen();
      assert.equal(Number(store.currentResourceVersion()), rvBefore, 'deletes count: rv never goes back');
      assert.deepEqual(store.get(ref('kept')), kept);
      const next = store.create(KSVC, ksvc('next'));
      assert.equal(Number(next.metadata.resourceVersion), rvBefore + 1);
      assert.throws(() => store.create(KSVC, ksvc('kept')), isApiError(409, 'AlreadyExists'));
      const replayed: string[] = [];
      store.watch(KSVC, { resourceVersion: String(rvBefore - 1) }, (e) =>
        replayed.push(`${e.type} ${e.object.metadata.name}`),
      );
      await settle();
      assert.deepEqual(replayed, ['DELETED gone', 'ADDED next'], 'history survives a restart');
    } finally {
      t.dispose();
    }
  });

  it('uses WAL with synchronous=FULL', () => {
    const t = tempStore();
    try {
      const db = (t.store as unknown as { db: { pragma(s: string, o: object): unknown } }).db;
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('synchronous', { simple: true }), 2);
    } finally {
      t.dispose();
    }
  });

  it('an in-memory store works and a closed store refuses calls', () => {
    const store = SqliteResourceStore.open(':memory:');
    store.create('secrets', secret('s', {}));
    store.close();
    assert.throws(() => store.get(ref('s', 'secrets')), isApiError(503, 'ServiceUnavailable'));
  });

  it('throughput sanity: 2,000 creates', () => {
    const t = tempStore();
    try {
      const start = performance.now();
      for (let i = 0; i < 2000; i++) t.store.create('secrets', secret(`s-${i}`, { k: 'dg==' }));
      const seconds = (performance.now() - start) / 1000;
      console.log(`sqlite store: ${Math.round(2000 / seconds)} creates/s (WAL, synchronous=FULL)`);
      assert.equal(t.store.list('secrets').items.length, 2000);
    } finally {
      t.dispose();
    }
  });
});
