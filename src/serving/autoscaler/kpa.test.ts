import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type DeciderSpec,
  type DeciderState,
  decide,
  excessBurstCapacity,
  initialDeciderState,
} from './kpa.js';
import { recordMax } from './max-window.js';

const S = 1_000;
const NOW = 1_700_000_000_000;

/** Knative's defaults: target 100 × 70% = 70, TBC 211, panic at 200%, up ×1000, down ÷2. */
function spec(over: Partial<DeciderSpec> = {}): DeciderSpec {
  return {
    targetValue: 70,
    totalValue: 100,
    targetBurstCapacity: 211,
    panicThreshold: 2,
    stableWindowMs: 60 * S,
    maxScaleUpRate: 1000,
    maxScaleDownRate: 2,
    scaleDownDelayMs: 0,
    activationScale: 1,
    reachable: true,
    ...over,
  };
}

const fresh = (s: DeciderSpec = spec()): DeciderState => initialDeciderState(NOW, 0, s);

/** [name, ready replicas, stable, panic, want, spec overrides, decider state, want panicking] */
type Row = [string, number, number, number, number, Partial<DeciderSpec>?, Partial<DeciderState>?, boolean?];

function check(rows: Row[]) {
  for (const [name, ready, stable, panic, want, over, state, panicking] of rows) {
    const s = spec(over);
    const d = decide(
      { nowMs: NOW, readyPods: ready, observed: { stable, panic }, spec: s },
      { ...fresh(s), ...state },
    );
    assert.equal(d.valid, true, name);
    assert.equal(d.desiredScale, want, name);
    if (panicking !== undefined) assert.equal(d.panicking, panicking, `${name}: panicking`);
  }
}

const t10 = { targetValue: 10 };

test('autoscaler kpa - stable mode: ceil(stable / target)', () => {
  check([
    ['10 replicas, 1000 concurrent, target 70 (100 × 70%)', 10, 1000, 1000, 15, {}, {}, false],
    ['exactly on target', 1, 70, 70, 1],
    ['a little above target', 2, 70.1, 70.1, 2],
    ['Knative StableModeIncrease', 1, 50, 10, 5, t10],
    ['Knative StableModeDecrease', 8, 50, 50, 5, { ...t10, maxScaleDownRate: 10 }],
    ['no traffic on one replica', 1, 0, 0, 0],
    ['containerConcurrency 10 → target 7 (10 × 70%)', 3, 20, 20, 3, { targetValue: 7 }],
    ['rps: 1000 rps at 200 × 70%', 5, 1000, 1000, 8, { targetValue: 140 }],
    ['rps: 1000 rps at target 200', 5, 1000, 1000, 5, { targetValue: 200 }],
  ]);
});

test('autoscaler kpa - max scale-up rate: at most ceil(rate × ready)', () => {
  const x10 = { ...t10, maxScaleUpRate: 10 };
  check([
    ['Knative RateLimitScaleUp from 1', 1, 1000, 1001, 10, x10],
    ['Knative RateLimitScaleUp from 10', 10, 1000, 1001, 100, x10],
    ['rate 1.1 still grows by one', 2, 3, 3.1, 3, { targetValue: 1, maxScaleUpRate: 1.1 }],
    ['no ready replica counts as one', 0, 1000, 888, 10, x10],
  ]);
});

test('autoscaler kpa - max scale-down rate: at least floor(ready / rate)', () => {
  check([
    ['default rate 2 halves', 100, 1, 1, 50],
    ['halves again', 50, 1, 1, 25],
    ['Knative RateLimitScaleDown ÷10', 100, 1, 1, 10, { ...t10, maxScaleDownRate: 10 }],
    ['rate 1.1', 100, 1, 1, 90, { ...t10, maxScaleDownRate: 1.1 }],
    ['one replica may go to 0', 1, 0, 0, 0],
    ['unreachable: no limit', 100, 1, 1, 1, { ...t10, maxScaleDownRate: 1.1, reachable: false }],
  ]);
});

test('autoscaler kpa - panic starts when dppc / ready >= panic threshold', () => {
  const panicking = { panicTimeMs: NOW - 5 * S, maxPanicPods: 5 };
  check([
    ['exactly 200%', 5, 10, 100, 10, t10, {}, true],
    ['just under 200%: stable, halved at most', 5, 10, 90, 2, t10, {}, false],
    ['panic value wins', 1, 50, 100, 10, t10, {}, true],
    ['threshold 150%', 4, 10, 60, 6, { ...t10, panicThreshold: 1.5 }, {}, true],
    ['in panic the larger of stable and panic (stable)', 5, 50, 30, 50, { targetValue: 1 }, panicking, true],
    ['in panic the larger of stable and panic (panic)', 5, 20, 30, 30, { targetValue: 1 }, panicking, true],
  ]);
});

test('autoscaler kpa - panic holds the scale, then ends a stable window after the surge', () => {
  // Knative TestAutoscalerPanicThenUnPanicScaleDown, with its ÷10 scale-down rate.
  const s = spec({ targetValue: 10, maxScaleDownRate: 10 });
  let state = fresh(s);
  const step = (at: number, ready: number, stable: number, panic: number) => {
    const d = decide({ nowMs: NOW + at, readyPods: ready, observed: { stable, panic }, spec: s }, state);
    state = d.state;
    return [d.desiredScale, d.panicking];
  };
  const table: [string, number, number, number, number, [number, boolean]][] = [
    ['surge on one replica', 0, 1, 100, 100, [10, true]],
    ['bigger surge', 2 * S, 10, 100, 1000, [100, true]],
    ['traffic gone, still panicking: no scale down', 32 * S, 10, 1, 1, [100, true]],
    ['a stable window after the last surge: still panicking', 62 * S, 10, 1, 1, [100, true]],
    ['after it: back to stable', 63 * S, 10, 1, 1, [1, false]],
  ];
  for (const [name, at, ready, stable, panic, want] of table)
    assert.deepEqual(step(at, ready, stable, panic), want, name);
});

test('autoscaler kpa - panic is extended while over the threshold', () => {
  // Knative TestAutoscalerExtendPanicWindow / UnpanicAfterSlowIncrease.
  const s = spec({ targetValue: 1 });
  const first = decide({ nowMs: NOW, readyPods: 10, observed: { stable: 11, panic: 25 }, spec: s }, fresh(s));
  assert.equal(first.state.panicTimeMs, NOW);
  assert.equal(first.desiredScale, 25);
  const still = decide(
    { nowMs: NOW + 30 * S, readyPods: 40, observed: { stable: 30, panic: 80 }, spec: s },
    first.state,
  );
  assert.equal(still.state.panicTimeMs, NOW + 30 * S, 'extended');
  assert.equal(still.desiredScale, 80);
  const slow = decide(
    { nowMs: NOW + 30 * S, readyPods: 40, observed: { stable: 30, panic: 41 }, spec: s },
    first.state,
  );
  assert.equal(slow.state.panicTimeMs, NOW, 'not extended under the threshold');
  assert.equal(slow.desiredScale, 41);
  const end = decide(
    { nowMs: NOW + 62 * S, readyPods: 55, observed: { stable: 50, panic: 56 }, spec: s },
    slow.state,
  );
  assert.equal(end.panicking, false);
  assert.equal(end.desiredScale, 50);
});

test('autoscaler kpa - a decider created with more than one ready replica starts in panic', () => {
  const table: [number, boolean][] = [
    [0, false],
    [1, false],
    [2, true],
    [7, true],
  ];
  for (const [ready, panicking] of table) {
    const state = initialDeciderState(NOW, ready, spec());
    assert.equal(state.panicTimeMs !== undefined, panicking, String(ready));
    assert.equal(state.maxPanicPods, ready);
  }
  const s = spec({ targetValue: 10 });
  const d = decide(
    { nowMs: NOW + 2 * S, readyPods: 7, observed: { stable: 0, panic: 0 }, spec: s },
    initialDeciderState(NOW, 7, s),
  );
  assert.equal(d.desiredScale, 7, 'keeps the current scale until it has data');
});

test('autoscaler kpa - scale-down-delay holds the largest recommendation of the window', () => {
  // Knative TestAutoscalerScaleDownDelay ("simple" then "gradual").
  const s = spec({
    targetValue: 10,
    maxScaleUpRate: 10,
    maxScaleDownRate: 10,
    panicThreshold: 100,
    scaleDownDelayMs: 300 * S,
  });
  let state = initialDeciderState(0, 0, s);
  const table: [number, number, number][] = [
    [2, 40, 4],
    [300, 0, 4],
    [302, 0, 0],
    [540, 40, 4],
    [600, 30, 4],
    [660, 0, 4],
    [840, 0, 3],
    [900, 0, 0],
  ];
  for (const [sec, stable, want] of table) {
    const d = decide({ nowMs: sec * S, readyPods: 0, observed: { stable, panic: stable }, spec: s }, state);
    state = d.state;
    assert.equal(d.desiredScale, want, `t=${sec}s`);
  }
  const unreachable = { ...s, reachable: false };
  const d = decide(
    { nowMs: 904 * S, readyPods: 0, observed: { stable: 0, panic: 0 }, spec: unreachable },
    {
      ...state,
      delayWindow: recordMax(state.delayWindow!, 902 * S, 9),
    },
  );
  assert.equal(d.desiredScale, 0, 'an unreachable revision is not delayed');
});

test('autoscaler kpa - activation-scale is the smallest non-zero recommendation', () => {
  const a2 = { ...t10, activationScale: 2 };
  check([
    ['no traffic stays 0', 1, 0, 0, 0, a2],
    ['some traffic gets activation-scale', 1, 1, 1, 2, a2],
    ['more than activation-scale is kept', 3, 30, 30, 3, a2],
  ]);
});

test('autoscaler kpa - no data for the stable window makes no decision', () => {
  const state = fresh();
  const d = decide({ nowMs: NOW, readyPods: 3, observed: undefined, spec: spec() }, state);
  assert.equal(d.valid, false);
  assert.equal(d.desiredScale, -1);
  assert.equal(d.state, state);
});

test('autoscaler kpa - excess burst capacity', () => {
  const table: [string, number, number, number, number, number][] = [
    ['TBC 0 → 0', 0, 100, 1, 50, 0],
    ['TBC -1 (unlimited) → -1', -1, 100, 1, 50, -1],
    ['1 replica of 100, TBC 211, 10 in flight', 211, 100, 1, 10, -121],
    ['5 replicas of 100, TBC 211, 10 in flight', 211, 100, 5, 10, 279],
    ['fractional total floors', 211, 10 / 0.75, 3, 2.5, -174],
  ];
  for (const [name, tbc, total, ready, panic, want] of table) {
    assert.equal(
      excessBurstCapacity({ targetBurstCapacity: tbc, totalValue: total }, ready, panic),
      want,
      name,
    );
  }
});
