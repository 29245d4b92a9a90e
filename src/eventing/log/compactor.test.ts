import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startCompactor } from './compactor.js';
import { SqliteEventLog } from './sqlite-log.js';

const event = (i: number) => ({
  attributes: { specversion: '1.0', id: `e${i}`, type: 't', source: '/s' },
  data: Buffer.from(String(i)),
});

test('compactor - a pass drops what every consumer committed, and all of a stream nobody consumes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ebb-compactor-'));
  const log = SqliteEventLog.open(join(dir, 'events.db'));
  const compactor = startCompactor(log, undefined, 3_600_000);
  try {
    await log.ensureConsumer('ns/consumed', 'ns/t1', 0);
    await log.ensureConsumer('ns/consumed', 'ns/t2', 0);
    await log.append(
      'ns/consumed',
      Array.from({ length: 10 }, (_, i) => event(i)),
    );
    await log.append(
      'ns/unconsumed',
      Array.from({ length: 4 }, (_, i) => event(i)),
    );
    await log.commit('ns/consumed', 'ns/t1', 8);
    await log.commit('ns/consumed', 'ns/t2', 6);
    assert.equal(await compactor.runOnce(), 6 + 4);
    const left = await log.read('ns/consumed', 0, 100);
    assert.deepEqual(
      left.map((e) => e.offset),
      [7, 8, 9, 10],
      'the slowest consumer still has its events',
    );
    assert.equal((await log.read('ns/unconsumed', 0, 100)).length, 0);
    assert.equal(await log.head('ns/unconsumed'), 4, 'the head stays: offsets are never reused');
    assert.equal(await compactor.runOnce(), 0, 'nothing more to drop');
  } finally {
    await compactor.stop();
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
