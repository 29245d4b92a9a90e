import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventLog } from '../types.js';
import { Committer, OffsetTracker } from './offsets.js';

describe('offsets', () => {
  it('offsets - the watermark never passes an unfinished event', () => {
    const t = new OffsetTracker(10);
    for (const o of [11, 12, 13, 14]) t.track(o);
    t.complete(12);
    t.complete(14);
    assert.equal(t.watermark, 10);
    t.complete(11);
    assert.equal(t.watermark, 12);
    t.complete(13);
    assert.equal(t.watermark, 14);
    assert.equal(t.size, 0);
  });

  it('offsets - skipped (filtered) offsets are done; gaps in offsets are fine', () => {
    const t = new OffsetTracker(0);
    t.skip(1);
    assert.equal(t.watermark, 1);
    t.track(3);
    t.skip(7);
    t.track(9);
    assert.equal(t.watermark, 1);
    t.complete(3);
    assert.equal(t.watermark, 7);
    t.complete(9);
    assert.equal(t.watermark, 9);
  });

  it('offsets - committer batches, commits in order and never goes backwards', async () => {
    const commits: number[] = [];
    const log = {
      commit: async (_s: string, _c: string, offset: number) => {
        commits.push(offset);
      },
    } as unknown as EventLog;
    let mark = 0;
    const c = new Committer(
      { log, stream: 's', consumer: 'c', committed: 0, everyDone: 3, intervalMs: 20, onError: () => {} },
      () => mark,
    );
    mark = 1;
    c.noteDone();
    mark = 2;
    c.noteDone();
    assert.deepEqual(commits, []);
    mark = 3;
    c.noteDone();
    await c.flush();
    assert.deepEqual(commits, [3]);
    mark = 4;
    c.noteDone();
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(commits, [3, 4]);
    await c.flush();
    assert.deepEqual(commits, [3, 4], 'nothing new to commit');
    assert.equal(c.offset, 4);
  });
});
