/**
 * THE conformance suite every EventLog implementation passes (bullmq's adapter-conformance model): call
 * `eventLogConformance(name, open, reopen)` from the implementation's test file and it registers node:test
 * tests for the EventLog contract in `../types.ts`.
 *
 * `open` returns a log on fresh storage (or shared storage: every test uses its own stream names). `reopen`,
 * when given, returns a new log on the storage of `log`, which the suite has closed — the durability tests
 * run only with it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { EventLog, EventRecord } from '../types.js';

export type OpenEventLog = () => Promise<EventLog>;
export type ReopenEventLog = (closed: EventLog) => Promise<EventLog>;

const event = (id: string | number, data?: Buffer | string): EventRecord => {
  const attributes = { specversion: '1.0', id: String(id), source: '/ebb/conformance', type: 'dev.ebb.test' };
  return data === undefined ? { attributes } : { attributes, data: Buffer.from(data) };
};

const ids = (events: { event: EventRecord }[]) => events.map((e) => e.event.attributes.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function eventLogConformance(name: string, open: OpenEventLog, reopen?: ReopenEventLog): void {
  /** Runs `body` with a log and a stream name of its own, closing the log afterwards. */
  const withLog = (body: (log: EventLog, stream: string) => Promise<void>) => async () => {
    const log = await open();
    try {
      await body(log, `conformance-${randomUUID().slice(0, 8)}/broker`);
    } finally {
      await log.close();
    }
  };

  describe(`EventLog conformance: ${name}`, () => {
    test(
      'append - resolves offsets from 1 and read returns events in order',
      withLog(async (log, stream) => {
        const before = Date.now();
        assert.deepEqual(await log.append(stream, [event(1), event(2), event(3)]), [1, 2, 3]);
        assert.deepEqual(await log.append(stream, [event(4)]), [4]);
        const read = await log.read(stream, 0, 100);
        assert.deepEqual(
          read.map((e) => e.offset),
          [1, 2, 3, 4],
        );
        assert.deepEqual(ids(read), ['1', '2', '3', '4']);
        for (const e of read) assert.ok(e.appendedAt >= before - 1000 && e.appendedAt <= Date.now() + 1000);
        assert.equal(await log.head(stream), 4);
      }),
    );

    test(
      'append - keeps attributes and data bytes exactly, absent and empty data distinct',
      withLog(async (log, stream) => {
        const events: EventRecord[] = [
          event('none'),
          event('empty', Buffer.alloc(0)),
          event('bytes', Buffer.from([0, 255, 13, 10, 0x80])),
          {
            attributes: { ...event('x').attributes, subject: 'café 🌎 "q"', partitionkey: 'k', empty: '' },
            data: Buffer.from('{"a":1}'),
          },
        ];
        await log.append(stream, events);
        assert.deepEqual(
          (await log.read(stream, 0, 10)).map((e) => e.event),
          events,
        );
      }),
    );

    test(
      'append - offsets are per stream',
      withLog(async (log, stream) => {
        const other = `${stream}-other`;
        assert.deepEqual(await log.append(stream, [event(1), event(2)]), [1, 2]);
        assert.deepEqual(await log.append(other, [event(1)]), [1]);
        assert.deepEqual(await log.append(stream, [event(3)]), [3]);
        assert.equal(await log.head(other), 1);
        assert.equal(await log.head(`${stream}-never`), 0);
        assert.deepEqual(ids(await log.read(other, 0, 10)), ['1']);
      }),
    );

    test(
      'append - concurrent appends from many callers resolve with distinct offsets',
      withLog(async (log, stream) => {
        const other = `${stream}-b`;
        const calls = range(0, 199).map((i) => {
          const target = i % 4 === 0 ? other : stream;
          const events = range(0, i % 3).map((j) => event(`${i}.${j}`));
          return log.append(target, events).then((offsets) => ({ target, events, offsets }));
        });
        const results = await Promise.all(calls);
        for (const target of [stream, other]) {
          const mine = results.filter((r) => r.target === target);
          const offsets = mine.flatMap((r) => r.offsets);
          assert.equal(new Set(offsets).size, offsets.length, 'no offset is given twice');
          assert.deepEqual(
            [...offsets].sort((a, b) => a - b),
            range(1, offsets.length),
          );
          for (const r of mine) {
            assert.equal(r.offsets.length, r.events.length);
            for (let k = 1; k < r.offsets.length; k++) assert.ok(r.offsets[k]! > r.offsets[k - 1]!);
          }
          const stored = new Map(
            (await log.read(target, 0, 10_000)).map((e) => [e.offset, e.event.attributes.id]),
          );
          for (const r of mine) {
            for (const [k, o] of r.offsets.entries()) assert.equal(stored.get(o), r.events[k]!.attributes.id);
          }
          assert.equal(await log.head(target), offsets.length);
        }
      }),
    );

    test(
      'append - an empty append resolves with no offsets',
      withLog(async (log, stream) => {
        assert.deepEqual(await log.append(stream, []), []);
        assert.equal(await log.head(stream), 0);
      }),
    );

    test(
      'read - honours afterOffset and limit',
      withLog(async (log, stream) => {
        await log.append(
          stream,
          range(1, 10).map((i) => event(i)),
        );
        assert.deepEqual(
          (await log.read(stream, 3, 4)).map((e) => e.offset),
          [4, 5, 6, 7],
        );
        assert.deepEqual(
          (await log.read(stream, 8, 100)).map((e) => e.offset),
          [9, 10],
        );
        assert.deepEqual(await log.read(stream, 10, 5), []);
        assert.deepEqual(
          (await log.read(stream, 0, 1)).map((e) => e.offset),
          [1],
        );
        assert.deepEqual(await log.read(`${stream}-unknown`, 0, 5), []);
      }),
    );

    test(
      'consumers - a new consumer starts at the head, or where it asks',
      withLog(async (log, stream) => {
        await log.append(
          stream,
          range(1, 5).map((i) => event(i)),
        );
        assert.equal(await log.ensureConsumer(stream, 'trigger-a'), 5);
        assert.equal(await log.committed(stream, 'trigger-a'), 5);
        assert.equal(await log.ensureConsumer(stream, 'trigger-b', 0), 0);
        assert.equal(await log.committed(stream, 'trigger-b'), 0);
        await log.append(stream, [event(6)]);
        assert.equal(
          await log.ensureConsumer(stream, 'trigger-a', 1),
          5,
          'an existing consumer is not reset',
        );
        assert.equal(await log.committed(stream, 'nobody'), 0);
        assert.equal(await log.ensureConsumer(`${stream}-empty`, 'trigger-a'), 0);
      }),
    );

    test(
      'consumers - commit and committed',
      withLog(async (log, stream) => {
        await log.append(
          stream,
          range(1, 5).map((i) => event(i)),
        );
        await log.ensureConsumer(stream, 'c', 0);
        await log.commit(stream, 'c', 2);
        assert.equal(await log.committed(stream, 'c'), 2);
        await log.commit(stream, 'c', 4);
        assert.equal(await log.committed(stream, 'c'), 4);
        await log.removeConsumer(stream, 'c');
        assert.equal(await log.committed(stream, 'c'), 0);
      }),
    );

    test(
      'compact - respects the slowest consumer and keeps the head',
      withLog(async (log, stream) => {
        await log.append(
          stream,
          range(1, 10).map((i) => event(i)),
        );
        await log.ensureConsumer(stream, 'fast', 0);
        await log.ensureConsumer(stream, 'slow', 0);
        await log.commit(stream, 'fast', 8);
        await log.commit(stream, 'slow', 3);
        assert.equal(await log.compact(stream), 3);
        assert.deepEqual(
          (await log.read(stream, 0, 100)).map((e) => e.offset),
          range(4, 10),
        );
        await log.commit(stream, 'slow', 10);
        assert.equal(await log.compact(stream), 5);
        assert.deepEqual(
          (await log.read(stream, 0, 100)).map((e) => e.offset),
          [9, 10],
        );
        await log.removeConsumer(stream, 'slow');
        assert.equal(await log.compact(stream), 0, 'the remaining consumer is at 8');
        assert.equal(await log.head(stream), 10);
      }),
    );

    test(
      'compact - the head survives compacting everything, offsets are not reused',
      withLog(async (log, stream) => {
        await log.append(
          stream,
          range(1, 10).map((i) => event(i)),
        );
        await log.ensureConsumer(stream, 'c', 0);
        await log.commit(stream, 'c', 10);
        assert.equal(await log.compact(stream), 10);
        assert.deepEqual(await log.read(stream, 0, 100), []);
        assert.equal(await log.head(stream), 10);
        assert.deepEqual(await log.append(stream, [event(11)]), [11]);
      }),
    );

    test(
      'compact - a stream without consumers is compacted to its head',
      withLog(async (log, stream) => {
        await log.append(
          stream,
          range(1, 4).map((i) => event(i)),
        );
        assert.equal(await log.compact(stream), 4);
        assert.deepEqual(await log.read(stream, 0, 10), []);
        assert.equal(await log.head(stream), 4);
      }),
    );

    test(
      'dropStream - removes events and consumers, leaves other streams',
      withLog(async (log, stream) => {
        const other = `${stream}-kept`;
        await log.append(
          stream,
          range(1, 5).map((i) => event(i)),
        );
        await log.append(other, [event('o')]);
        await log.ensureConsumer(stream, 'c', 0);
        await log.ensureConsumer(other, 'c', 0);
        await log.dropStream(stream);
        assert.deepEqual(await log.read(stream, 0, 100), []);
        assert.equal(await log.committed(stream, 'c'), 0);
        assert.deepEqual(ids(await log.read(other, 0, 10)), ['o']);
        assert.equal(await log.committed(other, 'c'), 0);
        const [offset] = await log.append(stream, [event('again')]);
        assert.ok(offset! >= 1);
        assert.deepEqual(ids(await log.read(stream, 0, 100)), ['again']);
      }),
    );

    test(
      'onAppend - fires after the append is durable, with the head',
      withLog(async (log, stream) => {
        const heads: number[] = [];
        const visible: Promise<string[]>[] = [];
        const others: number[] = [];
        const off = log.onAppend(stream, (head) => {
          heads.push(head);
          visible.push(log.read(stream, head - 1, 1).then(ids));
        });
        const offOther = log.onAppend(`${stream}-other`, (head) => others.push(head));
        await log.append(stream, [event(1), event(2)]);
        await log.append(stream, [event(3)]);
        await waitFor('onAppend with head 3', () => heads.includes(3));
        assert.deepEqual(
          heads,
          [...heads].sort((a, b) => a - b),
          'heads only grow',
        );
        assert.ok(heads.includes(3));
        for (const [i, seen] of (await Promise.all(visible)).entries()) {
          assert.deepEqual(
            seen,
            [String(heads[i])],
            'the event at the head is readable when the listener runs',
          );
        }
        assert.deepEqual(others, []);
        off();
        offOther();
        const count = heads.length;
        await log.append(stream, [event(4)]);
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(heads.length, count, 'no calls after unsubscribe');
      }),
    );

    test('close - later calls reject', async () => {
      const log = await open();
      await log.close();
      await assert.rejects(log.append('closed/stream', [event(1)]));
    });

    test('durability - events, heads and commits survive close and reopen', {
      skip: !reopen && 'no reopen factory',
    }, async () => {
      const stream = `conformance-${randomUUID().slice(0, 8)}/broker`;
      let log = await open();
      await log.append(stream, [event(1), event(2, 'two'), event(3)]);
      await log.ensureConsumer(stream, 'c', 0);
      await log.commit(stream, 'c', 2);
      await log.close();
      log = await reopen!(log);
      try {
        assert.deepEqual(ids(await log.read(stream, 0, 10)), ['1', '2', '3']);
        assert.equal((await log.read(stream, 1, 1))[0]!.event.data!.toString(), 'two');
        assert.equal(await log.head(stream), 3);
        assert.equal(await log.committed(stream, 'c'), 2);
        assert.deepEqual(await log.append(stream, [event(4)]), [4]);
      } finally {
        await log.close();
      }
    });

    test('durability - the head survives compaction and reopen', {
      skip: !reopen && 'no reopen factory',
    }, async () => {
      const stream = `conformance-${randomUUID().slice(0, 8)}/broker`;
      let log = await open();
      await log.append(
        stream,
        range(1, 6).map((i) => event(i)),
      );
      await log.ensureConsumer(stream, 'c', 0);
      await log.commit(stream, 'c', 6);
      assert.equal(await log.compact(stream), 6);
      await log.close();
      log = await reopen!(log);
      try {
        assert.equal(await log.head(stream), 6);
        assert.deepEqual(await log.read(stream, 0, 10), []);
        assert.deepEqual(await log.append(stream, [event(7)]), [7]);
      } finally {
        await log.close();
      }
    });
  });
}
