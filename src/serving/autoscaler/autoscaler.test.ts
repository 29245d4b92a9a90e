import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Autoscaler, type ScaleInfo } from './autoscaler.js';
import { type AutoscalerConfig, defaultConfig } from './config.js';
import { revisionSettings } from './settings.js';

const S = 1_000;
const T0 = 1_700_000_000_000;
const KEY = 'default/hello-00001';
const A = 'autoscaling.knative.dev/';

/** An autoscaler on a fake clock, recording every onScale call. */
function harness() {
  let now = T0;
  const calls: { at: number; desired: number; info: ScaleInfo }[] = [];
  const autoscaler = new Autoscaler({
    now: () => now,
    onScale: (key, desired, info) => {
      assert.equal(key, KEY);
      calls.push({ at: now - T0, desired, info });
    },
  });
  const add = (config: Partial<AutoscalerConfig> = {}, annotations: Record<string, string> = {}, cc = 0) =>
    autoscaler.setRevision(KEY, revisionSettings({ ...defaultConfig(), ...config }, annotations, cc));
  /** Advances to `toMs` after T0, ticking at every multiple of 2 s on the way, like the timer. */
  const runTo = (toMs: number) => {
    for (let next = (Math.floor((now - T0) / (2 * S)) + 1) * 2 * S; next <= toMs; next += 2 * S) {
      now = T0 + next;
      autoscaler.tick();
    }
    now = T0 + toMs;
  };
  const at = (ms: number) => {
    now = T0 + ms;
  };
  return { autoscaler, calls, add, runTo, at, desired: () => autoscaler.desired(KEY) };
}

/** One 100 ms request at t=0 on one ready replica, then silence; returns when desired first became 0. */
function idleUntilZero(config: Partial<AutoscalerConfig>, annotations: Record<string, string> = {}) {
  const h = harness();
  h.add(config, annotations);
  h.autoscaler.setReady(KEY, 1);
  h.autoscaler.tick();
  h.autoscaler.requestStarted(KEY);
  h.at(100);
  h.autoscaler.requestEnded(KEY);
  for (let t = 2 * S; t <= 600 * S; t += 2 * S) {
    h.runTo(t);
    if (h.desired() === 0) return t;
  }
  return undefined;
}

test('autoscaler - a new revision starts at initial-scale, within min/max', () => {
  const table: [string, Partial<AutoscalerConfig>, Record<string, string>, number][] = [
    ['default 1', {}, {}, 1],
    ['annotation 3', {}, { [`${A}initial-scale`]: '3' }, 3],
    ['bounded by max-scale', {}, { [`${A}initial-scale`]: '3', [`${A}max-scale`]: '2' }, 2],
    ['raised to min-scale', {}, { [`${A}min-scale`]: '4' }, 4],
    ['0 when allowed', { allowZeroInitialScale: true }, { [`${A}initial-scale`]: '0' }, 0],
    ['0 not allowed: config default', {}, { [`${A}initial-scale`]: '0' }, 1],
    ['config initial-scale 2', { initialScale: 2 }, {}, 2],
  ];
  for (const [name, config, annotations, want] of table) {
    const h = harness();
    h.add(config, annotations);
    assert.equal(h.desired(), want, name);
    assert.deepEqual(
      h.calls.map((c) => c.desired),
      [want],
      `${name}: reported once`,
    );
  }
});

test('autoscaler - scales out on load: 1000 in flight at target 70 on 10 replicas → 15', () => {
  const h = harness();
  h.add({}, { [`${A}initial-scale`]: '10' });
  h.autoscaler.setReady(KEY, 10);
  for (let i = 0; i < 1000; i++) h.autoscaler.requestStarted(KEY);
  h.runTo(2 * S);
  assert.equal(h.desired(), 15);
  const last = h.calls.at(-1)!;
  assert.deepEqual(last.info, { panicking: false, stable: 1000, panic: 1000, target: 70, ready: 10 });
  assert.deepEqual(
    { ...h.autoscaler.status(KEY), excessBurstCapacity: undefined },
    {
      desired: 15,
      panicking: false,
      stableConcurrency: 1000,
      panicConcurrency: 1000,
      stableRps: 500, // 1000 arrivals in the first of two seconds
      panicRps: 500,
      metric: 'concurrency',
      target: 70,
      ready: 10,
      active: 'True',
      excessBurstCapacity: undefined,
    },
  );
});

test('autoscaler - a burst on one replica panics and is never scaled down while panicking', () => {
  const h = harness();
  h.add({}, {}, 10); // containerConcurrency 10 → target 7
  h.autoscaler.setReady(KEY, 1);
  for (let i = 0; i < 70; i++) h.autoscaler.requestStarted(KEY);
  h.runTo(2 * S);
  assert.equal(h.desired(), 10);
  assert.equal(h.autoscaler.status(KEY)?.panicking, true);
  for (let i = 0; i < 70; i++) h.autoscaler.requestEnded(KEY);
  h.autoscaler.setReady(KEY, 10);
  h.runTo(30 * S);
  assert.equal(h.desired(), 10, 'held while panicking');
  h.runTo(64 * S);
  assert.equal(h.autoscaler.status(KEY)?.panicking, false, 'a stable window after the burst');
  assert.equal(h.desired(), 5, 'then scaled down at most by half');
});

test('autoscaler - rps metric scales on requests per second against 200 × 70%', () => {
  const h = harness();
  h.add({}, { [`${A}metric`]: 'rps' });
  h.autoscaler.setReady(KEY, 1);
  for (let i = 0; i < 280; i++) {
    h.at(Math.floor(i / 140) * S + (i % 140));
    h.autoscaler.requestStarted(KEY);
    h.autoscaler.requestEnded(KEY);
  }
  h.runTo(2 * S);
  assert.equal(h.autoscaler.status(KEY)?.target, 140);
  assert.equal(h.autoscaler.status(KEY)?.stableRps, 140);
  assert.equal(h.desired(), 1, '140 rps is exactly one replica');
});

test('autoscaler - scale to zero after the stable window and the grace period when the router serves directly', () => {
  // target-burst-capacity 0: requests go straight to replicas, so the grace period runs after deactivation.
  assert.equal(idleUntilZero({ targetBurstCapacity: 0 }), 90 * S);
  assert.equal(
    idleUntilZero({ targetBurstCapacity: 0, stableWindowMs: 30 * S, scaleToZeroGracePeriodMs: 10 * S }),
    40 * S,
  );
});

test('autoscaler - scale to zero right after the stable window when requests are already buffered (TBC 211)', () => {
  // Knative's default target-burst-capacity keeps the activator in the path of a lightly loaded revision,
  // so the grace period has long passed when the revision is marked inactive.
  assert.equal(idleUntilZero({}), 62 * S);
});

test('autoscaler - scale-to-zero-pod-retention-period keeps the last replica after deactivation', () => {
  assert.equal(idleUntilZero({ scaleToZeroPodRetentionPeriodMs: 120 * S }), 180 * S);
  assert.equal(idleUntilZero({}, { [`${A}scale-to-zero-pod-retention-period`]: '1m' }), 120 * S);
});

test('autoscaler - never to zero with min-scale ≥ 1 or enable-scale-to-zero false', () => {
  assert.equal(idleUntilZero({}, { [`${A}min-scale`]: '1' }), undefined);
  assert.equal(idleUntilZero({ minScale: 1 }), undefined);
  assert.equal(idleUntilZero({ enableScaleToZero: false }), undefined);
});

test('autoscaler - scale-down-delay holds the replicas for the delay', () => {
  const h = harness();
  h.add({}, { [`${A}initial-scale`]: '4', [`${A}scale-down-delay`]: '20s' });
  h.autoscaler.setReady(KEY, 4);
  for (let i = 0; i < 280; i++) h.autoscaler.requestStarted(KEY);
  h.runTo(2 * S);
  assert.equal(h.desired(), 4, '280 in flight at target 70');
  for (let i = 0; i < 280; i++) h.autoscaler.requestEnded(KEY);
  h.runTo(4 * S);
  assert.equal(h.autoscaler.status(KEY)?.stableConcurrency, 140, 'the recommendation falls to 2 at once');
  h.runTo(20 * S);
  assert.equal(h.desired(), 4, 'but the delay window still holds the 4 of t=2s');
  h.runTo(22 * S);
  assert.equal(h.desired(), 2, '20 s after it');
});

test('autoscaler - a request with no ready replica asks for max(1, activation-scale) at once', () => {
  const table: [string, Record<string, string>, number][] = [
    ['default', {}, 1],
    ['activation-scale 3', { [`${A}activation-scale`]: '3' }, 3],
  ];
  for (const [name, annotations, want] of table) {
    const h = harness();
    h.add({ allowZeroInitialScale: true }, { [`${A}initial-scale`]: '0', ...annotations });
    h.runTo(4 * S);
    assert.equal(h.desired(), 0, `${name}: starts at zero`);
    h.at(4_500);
    h.autoscaler.requestStarted(KEY);
    h.autoscaler.poke(KEY);
    assert.equal(h.desired(), want, `${name}: without waiting for a tick`);
    assert.deepEqual(
      h.calls.map((c) => [c.at, c.desired]),
      [
        [0, 0],
        [4_500, want],
      ],
      name,
    );
    h.runTo(30 * S);
    assert.equal(h.desired(), want, `${name}: held while activating`);
    h.autoscaler.setReady(KEY, want);
    h.runTo(40 * S);
    assert.equal(h.desired(), want, `${name}: one request in flight keeps activation-scale`);
    assert.equal(h.autoscaler.status(KEY)?.active, 'True');
  }
});

test('autoscaler - settings changes apply at once; removed revisions are forgotten', () => {
  const h = harness();
  h.add();
  h.autoscaler.setReady(KEY, 1);
  h.runTo(4 * S);
  h.add({}, { [`${A}min-scale`]: '3' });
  assert.equal(h.desired(), 3);
  h.autoscaler.removeRevision(KEY);
  assert.equal(h.desired(), undefined);
  assert.equal(h.autoscaler.status(KEY), undefined);
  h.autoscaler.poke(KEY);
  h.autoscaler.requestStarted(KEY);
  h.runTo(8 * S);
  assert.equal(h.calls.length, 2);
});

test('autoscaler - start and stop the tick timer', async () => {
  const seen: number[] = [];
  const a = new Autoscaler({ tickMs: 5, onScale: (_key, desired) => seen.push(desired) });
  a.setRevision(KEY, revisionSettings(defaultConfig(), { [`${A}min-scale`]: '2' }, 0));
  a.start();
  a.start();
  await new Promise((resolve) => setTimeout(resolve, 30));
  a.stop();
  assert.deepEqual(seen, [2]);
});
