import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Sent } from './producer.js';
import { StoreTracker } from './tracker.js';

test('tracker - accounts every send: stored, duplicate, dead-lettered or lost; latency from the first send', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ebb-tracker-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'orders.db');
  const sent: Sent[] = [];
  const tracker = new StoreTracker(path, sent);
  t.after(() => tracker.close());
  assert.equal(tracker.poll(), 0, 'no store yet');
  const db = new Database(path);
  t.after(() => db.close());
  db.exec(`CREATE TABLE orders (orderId TEXT PRIMARY KEY, storedAt INTEGER);
           CREATE TABLE dead_letters (id TEXT PRIMARY KEY, keys TEXT, errorCode TEXT)`);
  sent.push(
    { kind: 'valid', key: 'a', at: 1000 },
    { kind: 'valid', key: 'b', at: 1000 },
    { kind: 'duplicate', key: 'a', at: 1100 },
    { kind: 'malformed', key: 'm1', at: 1200 },
    { kind: 'malformed', key: 'm2', at: 1200 },
  );
  db.prepare('INSERT INTO orders VALUES (?, ?)').run('a', 1250);
  db.prepare('INSERT INTO dead_letters VALUES (?, ?, ?)').run('msg-1', 'm1', '400');
  assert.equal(tracker.poll(), 1);
  assert.deepEqual(tracker.takeLatencies(), [250]);
  assert.deepEqual(tracker.account(), {
    produced: 5,
    stored: 1,
    duplicates: 1,
    deadLettered: 1,
    lost: 2,
    lostKeys: ['b', 'm2'],
    otherErrors: 0,
  });
  db.prepare('INSERT INTO orders VALUES (?, ?)').run('b', 2000);
  db.prepare('INSERT INTO dead_letters VALUES (?, ?, ?)').run('m2', null, '500');
  tracker.poll();
  const a = tracker.account();
  assert.deepEqual([a.stored, a.deadLettered, a.lost, a.otherErrors], [2, 2, 0, 1]);
});
