import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageMeter } from './meter.js';
import { parseVmRss } from './rss.js';

const KEY = 'default/hello-00001';

function fakeClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const labelsFor = (key: string) => ({
  namespace: 'default',
  service: 'hello',
  configuration: 'hello',
  revision: key.split('/')[1]!,
});

test('usage - replica-seconds integrate live replicas from spawn to exit', () => {
  const clock = fakeClock();
  const meter = new UsageMeter({ now: clock.now, labelsFor });
  meter.replicaStarted(KEY, 'r1', 11);
  clock.advance(2_000);
  meter.replicaStarted(KEY, 'r2', 12);
  clock.advance(3_000);
  meter.replicaEnded(KEY, 'r1');
  clock.advance(1_000);
  meter.replicaEnded(KEY, 'r2');
  meter.replicaEnded(KEY, 'r2');
  clock.advance(4_000);
  const [u] = meter.usage();
  assert.equal(u!.replicaSeconds, 2 + 2 * 3 + 1);
  assert.equal(u!.zeroReplicaSeconds, 4);
  assert.equal(u!.observedSeconds, 10);
  assert.equal(u!.replicas, 0);
  assert.equal(u!.service, 'hello');
  assert.equal(u!.configuration, 'hello');
});

test('usage - request-seconds are the summed durations of overlapping requests', () => {
  const clock = fakeClock();
  const meter = new UsageMeter({ now: clock.now });
  meter.requestStarted(KEY);
  clock.advance(500);
  meter.requestStarted(KEY);
  clock.advance(1_000);
  meter.requestEnded(KEY);
  clock.advance(250);
  meter.requestEnded(KEY);
  const [u] = meter.usage();
  assert.equal(u!.requests, 2);
  assert.equal(u!.requestSeconds, 1.75 + 1);
  assert.equal(u!.inFlight, 0);
  assert.deepEqual([u!.namespace, u!.revision, u!.configuration], ['default', 'hello-00001', '']);
});

test('usage - memory MiB-seconds hold each sample until the next, and drop with the replica', () => {
  const clock = fakeClock();
  const meter = new UsageMeter({ now: clock.now });
  meter.replicaStarted(KEY, 'r1', 11);
  meter.sampleMemory(KEY, 'r1', 10 * 1024 * 1024);
  clock.advance(2_000);
  meter.sampleMemory(KEY, 'r1', 20 * 1024 * 1024);
  clock.advance(1_000);
  assert.deepEqual(meter.liveReplicas(), [{ key: KEY, replicaId: 'r1', pid: 11 }]);
  meter.replicaEnded(KEY, 'r1');
  meter.sampleMemory(KEY, 'r1', 99 * 1024 * 1024);
  clock.advance(5_000);
  const [u] = meter.usage();
  assert.equal(u!.memoryMiBSeconds, 10 * 2 + 20 * 1);
  assert.equal(u!.memoryBytes, 0);
});

test('usage - a since window sums whole buckets and leaves earlier usage out', () => {
  const clock = fakeClock(0);
  const meter = new UsageMeter({ now: clock.now, bucketMs: 10_000, retentionMs: 60_000 });
  meter.replicaStarted(KEY, 'r1');
  meter.requestStarted(KEY);
  meter.requestEnded(KEY);
  clock.advance(100_000);
  meter.requestStarted(KEY);
  clock.advance(5_000);
  meter.requestEnded(KEY);
  const all = meter.usage()[0]!;
  assert.equal(all.requests, 2);
  assert.equal(all.replicaSeconds, 105);
  const recent = meter.usage({ sinceMs: 10_000 })[0]!;
  // Now is 105 s: the window starts at 95 s, rounded down to the bucket at 90 s.
  assert.equal(recent.requests, 1);
  assert.equal(recent.requestSeconds, 5);
  assert.equal(recent.replicaSeconds, 15);
  assert.equal(recent.from, new Date(90_000).toISOString());
  // Past the retention window, only what the buckets still hold.
  const capped = meter.usage({ sinceMs: 1_000_000 })[0]!;
  assert.equal(capped.requests, 1);
  assert.ok(capped.replicaSeconds <= 70 && capped.replicaSeconds >= 60, String(capped.replicaSeconds));
});

test('usage - revisions are listed by namespace then name', () => {
  const meter = new UsageMeter({ now: () => 0 });
  meter.requestStarted('b/x-00001');
  meter.requestStarted('a/z-00001');
  meter.requestStarted('a/y-00001');
  assert.deepEqual(
    meter.usage().map((u) => `${u.namespace}/${u.revision}`),
    ['a/y-00001', 'a/z-00001', 'b/x-00001'],
  );
});

test('usage - VmRSS parses from /proc/<pid>/status', () => {
  assert.equal(parseVmRss('Name:\tnode\nVmRSS:\t   45320 kB\nThreads:\t7\n'), 45320 * 1024);
  assert.equal(parseVmRss('Name:\tzombie\n'), undefined);
});
