import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventLogError } from './errors.js';
import { GroupCommit, type GroupCommitOptions } from './group-commit.js';
import type { WalSync } from './wal-sync.js';

/** A WAL whose fsyncs finish when the test says so. */
class ManualWal {
  pending: ((error: Error | null) => void)[] = [];
  syncedNow = 0;
  closed = false;
  sync(done: (error: Error | null) => void): void {
    this.pending.push(done);
  }
  syncNow(): void {
    this.syncedNow++;
  }
  close(): void {
    this.closed = true;
  }
  /** Completes the fsync in flight. */
  finish(error: Error | null = null): void {
    const done = this.pending.shift();
    assert.ok(done, 'an fsync is in flight');
    done(error);
  }
}

interface Ctx {
  writes: number;
}

function setup(overrides: Partial<GroupCommitOptions<Ctx>> = {}) {
  const wal = new ManualWal();
  const log: string[] = [];
  const group = new GroupCommit<Ctx>({
    maxBatchDelayMs: 0,
    maxBatchSize: 100,
    wal: wal as unknown as WalSync,
    commit: (writes) => {
      log.push(`commit ${writes.length}`);
      return {
        ctx: { writes: writes.length },
        results: writes.map((w) => w.apply({ writes: writes.length })),
      };
    },
    failure: (what, writes, cause) =>
      new EventLogError('EBB_LOG_WRITE_FAILED', `${what} of ${writes} failed: ${(cause as Error).message}`),
    onDurable: (ctx) => log.push(`durable ${ctx.writes}`),
    ...overrides,
  });
  const write = (value: unknown) =>
    group.enqueue(
      1,
      () => value,
      () => new Error('closed'),
    );
  return { wal, log, group, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Settled state of a promise without waiting for it. */
function state(p: Promise<unknown>): { settled: boolean } {
  const s = { settled: false };
  p.then(
    () => (s.settled = true),
    () => (s.settled = true),
  );
  return s;
}

test('group commit - a write settles only after the fsync of its batch', async () => {
  const { wal, log, write } = setup();
  const a = write('a');
  const b = write('b');
  const sa = state(a);
  await turn();
  assert.deepEqual(log, ['commit 2'], 'both writes went into one transaction');
  await turn();
  assert.equal(sa.settled, false, 'committed but not synced: not settled');
  wal.finish();
  assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
  assert.deepEqual(log, ['commit 2', 'durable 2']);
});

test('group commit - writes that arrive during an fsync share the next batch', async () => {
  const { wal, log, write } = setup();
  const first = write(1);
  await turn();
  const more = [write(2), write(3), write(4)];
  await turn();
  assert.deepEqual(log, ['commit 1'], 'no commit while the fsync runs');
  wal.finish();
  await first;
  await turn();
  assert.deepEqual(log, ['commit 1', 'durable 1', 'commit 3']);
  wal.finish();
  assert.deepEqual(await Promise.all(more), [2, 3, 4]);
});

test('group commit - a failed transaction rejects its batch alone', async () => {
  let fail = true;
  const { wal, write } = setup({
    commit: (writes) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      return { ctx: { writes: writes.length }, results: writes.map((w) => w.apply({ writes: 0 })) };
    },
  });
  await assert.rejects(write('a'), /commit of 1 failed: disk full/);
  const b = write('b');
  await turn();
  wal.finish();
  assert.equal(await b, 'b');
});

test('group commit - a failed fsync rejects the batch and every later write', async () => {
  const { wal, log, write } = setup();
  const a = write('a');
  await turn();
  const queued = write('queued');
  wal.finish(new Error('EIO'));
  await assert.rejects(a, /fsync of 1 failed: EIO/);
  await assert.rejects(queued, /takes no more writes until it is reopened/);
  await assert.rejects(write('later'), /takes no more writes/);
  assert.deepEqual(log, ['commit 1'], 'nothing was reported durable');
});

test('group commit - close waits for the fsync in flight, then commits and syncs what is queued', async () => {
  const { wal, log, group, write } = setup();
  const a = write('a');
  await turn();
  const b = write('b');
  const closed = group.close();
  await turn();
  assert.equal(wal.closed, false, 'the descriptor stays open while an fsync uses it');
  wal.finish();
  await closed;
  assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
  assert.equal(wal.syncedNow, 1);
  assert.equal(wal.closed, true);
  assert.deepEqual(log, ['commit 1', 'durable 1', 'commit 1', 'durable 1']);
  await assert.rejects(write('c'), /closed/);
});

test('group commit - maxBatchSize splits the queue; an over-sized write commits alone', async () => {
  const { wal, log, group } = setup({ maxBatchSize: 3 });
  const writes = [1, 5, 1, 1, 1].map((weight) =>
    group.enqueue(
      weight,
      () => weight,
      () => new Error('closed'),
    ),
  );
  for (let i = 0; i < 3; i++) {
    await turn();
    wal.finish();
  }
  await Promise.all(writes);
  assert.deepEqual(
    log.filter((l) => l.startsWith('commit')),
    ['commit 1', 'commit 1', 'commit 3'],
  );
});
