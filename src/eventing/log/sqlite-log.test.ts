import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { EventLog, EventRecord } from '../types.js';
import { eventLogConformance } from './conformance.js';
import { EventLogError } from './errors.js';
import { SqliteEventLog, type SqliteEventLogOptions } from './sqlite-log.js';

const dir = mkdtempSync(join(tmpdir(), 'ebb-event-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `log-${++files}.db`);
const openFresh = (options?: SqliteEventLogOptions) => SqliteEventLog.open(freshPath(), options);

eventLogConformance(
  'SqliteEventLog',
  async () => openFresh(),
  async (closed: EventLog) => SqliteEventLog.open((closed as SqliteEventLog).path),
);
// Reads served by SQLite alone, and by a tail cache small enough to miss and evict all the time.
for (const tailCacheEvents of [0, 2]) {
  eventLogConformance(
    `SqliteEventLog, tail cache of ${tailCacheEvents} events`,
    async () => openFresh({ tailCacheEvents }),
    async (closed: EventLog) => SqliteEventLog.open((closed as SqliteEventLog).path, { tailCacheEvents }),
  );
}

const event = (id: string | number): EventRecord => ({
  attributes: { specversion: '1.0', id: String(id), source: '/test', type: 't' },
  data: Buffer.from(`data-${id}`),
});
const events = (n: number, prefix = '') => Array.from({ length: n }, (_, i) => event(`${prefix}${i + 1}`));
const code = (expected: string) => (error: unknown) =>
  error instanceof EventLogError && error.code === expected;

test('sqlite log - group commit: 1,000 concurrent appends share a few commits', async () => {
  const log = openFresh();
  try {
    const before = log.stats();
    const offsets = await Promise.all(events(1000).map((e) => log.append('ns/broker', [e])));
    const after = log.stats();
    assert.equal(new Set(offsets.flat()).size, 1000);
    assert.equal(after.appended - before.appended, 1000);
    const commits = after.commits - before.commits;
    assert.ok(commits <= 10, `1,000 appends took ${commits} commits`);
    assert.ok(after.largestBatch >= 100, `largest batch ${after.largestBatch}`);
  } finally {
    await log.close();
  }
});

test('sqlite log - group commit: maxBatchSize bounds a transaction, appends are never split', async () => {
  const log = openFresh({ maxBatchSize: 10 });
  try {
    await Promise.all(events(100).map((e) => log.append('ns/broker', [e])));
    assert.ok(log.stats().commits >= 10);
    assert.ok(log.stats().largestBatch <= 10);
    assert.deepEqual(
      await log.append('ns/broker', events(25, 'big-')),
      Array.from({ length: 25 }, (_, i) => 101 + i),
    );
  } finally {
    await log.close();
  }
});

test('sqlite log - group commit: maxBatchDelayMs gathers writes from several event-loop turns', async () => {
  const log = openFresh({ maxBatchDelayMs: 30 });
  try {
    const pending: Promise<number[]>[] = [];
    for (let i = 0; i < 5; i++) {
      pending.push(log.append('ns/broker', [event(i)]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(pending);
    assert.equal(log.stats().commits, 1);
  } finally {
    await log.close();
  }
});

test('sqlite log - commits move forward only and name what is wrong', async () => {
  const log = openFresh();
  try {
    await log.append('ns/broker', events(5));
    await log.ensureConsumer('ns/broker', 'ns/trigger', 0);
    await log.commit('ns/broker', 'ns/trigger', 4);
    await log.commit('ns/broker', 'ns/trigger', 2);
    assert.equal(await log.committed('ns/broker', 'ns/trigger'), 4);
    await assert.rejects(log.commit('ns/broker', 'ns/missing', 1), code('EBB_LOG_UNKNOWN_CONSUMER'));
    await assert.rejects(log.commit('ns/broker', 'ns/trigger', 6), /cannot commit offset 6 .* ends at 5/);
    await assert.rejects(log.commit('ns/broker', 'ns/trigger', -1), code('EBB_LOG_INVALID_ARGUMENT'));
    await assert.rejects(log.read('ns/broker', 0, 0), /limit must be a positive integer, was: 0/);
  } finally {
    await log.close();
  }
});

test('sqlite log - pending retries are stored, replaced, listed by due time and survive reopen', async () => {
  const path = freshPath();
  let log = SqliteEventLog.open(path);
  await log.append('ns/broker', events(3));
  await log.ensureConsumer('ns/broker', 'ns/t', 0);
  await log.putRetry('ns/broker', 'ns/t', 2, 1, 2_000);
  await log.putRetry('ns/broker', 'ns/t', 1, 1, 3_000);
  await log.putRetry('ns/broker', 'ns/t', 2, 2, 5_000);
  await assert.rejects(log.putRetry('ns/broker', 'ns/other', 1, 1, 1), code('EBB_LOG_UNKNOWN_CONSUMER'));
  await log.close();
  log = SqliteEventLog.open(path);
  try {
    assert.deepEqual(await log.listRetries('ns/broker', 'ns/t'), [
      { offset: 1, attempt: 1, dueAt: 3_000 },
      { offset: 2, attempt: 2, dueAt: 5_000 },
    ]);
    await log.deleteRetry('ns/broker', 'ns/t', 1);
    await log.deleteRetry('ns/broker', 'ns/t', 99);
    assert.deepEqual(await log.listRetries('ns/broker', 'ns/t'), [{ offset: 2, attempt: 2, dueAt: 5_000 }]);
    await log.removeConsumer('ns/broker', 'ns/t');
    assert.deepEqual(await log.listRetries('ns/broker', 'ns/t'), []);
    await log.ensureConsumer('ns/broker', 'ns/u', 0);
    await log.putRetry('ns/broker', 'ns/u', 3, 1, 1);
    await log.dropStream('ns/broker');
    assert.deepEqual(await log.listRetries('ns/broker', 'ns/u'), []);
  } finally {
    await log.close();
  }
});

test('sqlite log - dropStream keeps the head so offsets are never reused', async () => {
  const log = openFresh();
  try {
    await log.append('ns/broker', events(3));
    await log.dropStream('ns/broker');
    assert.equal(await log.head('ns/broker'), 3);
    assert.deepEqual(await log.append('ns/broker', [event('new')]), [4]);
  } finally {
    await log.close();
  }
});

test('sqlite log - compaction deletes in chunks across many rows', async () => {
  const log = openFresh({ maxBatchSize: 4_096 });
  try {
    for (let i = 0; i < 3; i++) await log.append('ns/broker', events(4_000, `${i}-`));
    await log.ensureConsumer('ns/broker', 'c', 0);
    await log.commit('ns/broker', 'c', 11_000);
    assert.equal(await log.compact('ns/broker'), 11_000);
    assert.deepEqual((await log.read('ns/broker', 0, 5_000)).map((e) => e.offset)[0], 11_001);
  } finally {
    await log.close();
  }
});

test('sqlite log - close commits writes still queued', async () => {
  const path = freshPath();
  const log = SqliteEventLog.open(path);
  const pending = log.append('ns/broker', events(3));
  await log.close();
  assert.deepEqual(await pending, [1, 2, 3]);
  await assert.rejects(log.append('ns/broker', events(1)), code('EBB_LOG_CLOSED'));
  const again = SqliteEventLog.open(path);
  assert.equal(await again.head('ns/broker'), 3);
  await again.close();
});

test('sqlite log - a throwing listener does not fail the append and is reported', async () => {
  const log = openFresh();
  const reported: unknown[] = [];
  const onReport = (message: unknown) => reported.push(message);
  subscribe('ebb:eventlog:listener-error', onReport);
  try {
    const heads: number[] = [];
    log.onAppend('ns/broker', () => {
      throw new Error('listener bug');
    });
    log.onAppend('ns/broker', (head) => heads.push(head));
    assert.deepEqual(await log.append('ns/broker', [event(1)]), [1]);
    assert.deepEqual(heads, [1]);
    assert.equal(reported.length, 1);
    assert.match(String((reported[0] as { error: Error }).error), /listener bug/);
  } finally {
    unsubscribe('ebb:eventlog:listener-error', onReport);
    await log.close();
  }
});

test('sqlite log - a failed commit rejects its whole batch and stores none of it', async () => {
  const path = freshPath();
  const log = SqliteEventLog.open(path);
  try {
    await log.append('ns/a', events(2));
    // Another writer takes offset 3 of ns/a behind the log's back, so the next batch's insert conflicts.
    const intruder = new Database(path);
    intruder
      .prepare('INSERT INTO events (stream, "offset", appended_at, body) VALUES (?, 3, 0, x\'00\')')
      .run('ns/a');
    intruder.close();
    const results = await Promise.allSettled([log.append('ns/b', events(2)), log.append('ns/a', events(1))]);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(code('EBB_LOG_WRITE_FAILED')((r as PromiseRejectedResult).reason));
    }
    assert.deepEqual(await log.read('ns/b', 0, 10), [], 'nothing half-stored');
    assert.equal(await log.head('ns/b'), 0);
    assert.equal(await log.head('ns/a'), 2);
  } finally {
    await log.close();
  }
});

test('sqlite log - refuses a file written by a newer schema', async () => {
  const path = freshPath();
  await SqliteEventLog.open(path).close();
  const db = new Database(path);
  db.pragma('user_version = 99');
  db.close();
  assert.throws(() => SqliteEventLog.open(path), /schema version 99; this Ebb reads up to 1/);
});

test('sqlite log - every acknowledged append survives SIGKILL of the writer', async () => {
  const path = freshPath();
  const script = join(dir, 'appender.mjs');
  const stream = 'crash/broker';
  writeFileSync(
    script,
    `import { SqliteEventLog } from ${JSON.stringify(new URL('./sqlite-log.js', import.meta.url).href)};
const log = SqliteEventLog.open(process.argv[2]);
let n = 0;
async function appender(worker) {
  for (;;) {
    const id = worker + '-' + n++;
    const event = { attributes: { specversion: '1.0', id, source: '/crash', type: 't' }, data: Buffer.from(id) };
    const [offset] = await log.append(${JSON.stringify(stream)}, [event]);
    process.stdout.write(offset + ' ' + id + '\\n');
  }
}
for (let w = 0; w < 16; w++) appender(w);
`,
  );
  const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const killed = new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`appender acknowledged only ${output.split('\n').length - 1} appends in 30 s`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.split('\n').length > 3_000 && !child.killed) {
        clearTimeout(timeout);
        child.kill('SIGKILL');
        resolve();
      }
    });
  });
  await killed;
  const [, signal] = await once(child, 'exit');
  assert.equal(signal, 'SIGKILL');
  const acknowledged = output
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split(' ') as [string, string]);
  assert.ok(acknowledged.length >= 3_000);
  const log = SqliteEventLog.open(path);
  try {
    const stored = new Map((await log.read(stream, 0, 10_000_000)).map((e) => [e.offset, e.event]));
    for (const [offset, id] of acknowledged) {
      const e = stored.get(Number(offset));
      assert.ok(e, `acknowledged offset ${offset} (${id}) is missing after the crash`);
      assert.equal(e.attributes.id, id);
      assert.equal(e.data!.toString(), id);
    }
    assert.ok((await log.head(stream)) >= acknowledged.length);
  } finally {
    await log.close();
  }
});
