/**
 * The KPA's decisions against Knative's own code: seeded random traces — a decider spec (targets, burst
 * capacity, panic threshold, stable window, scale rates, scale-down-delay, activation-scale,
 * reachability) and a tick every 2 s with ready replicas and observed stable/panic concurrency, sometimes
 * no data — run through knative.dev/serving/pkg/autoscaler/scaling's autoscaler.Scale
 * (test/knative/scaling, built from the Go module proxy) and through Ebb's decide(). Every tick must give
 * the same validity, desired pods and excess burst capacity. Skips without Go.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { seededRandom } from '../../src/demo/food-delivery/orders.js';
import { type DeciderSpec, decide, initialDeciderState } from '../../src/serving/autoscaler/kpa.js';
import { buildKnativeProgram, goToolchain, runKnativeProgram } from '../helpers/knative-go.js';

interface Tick {
  atMs: number;
  ready: number;
  stable: number;
  panic: number;
  noData: boolean;
}

interface Trace {
  spec: DeciderSpec;
  startReady: number;
  ticks: Tick[];
}

interface Result {
  desired: number;
  ebc: number;
  valid: boolean;
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function randomTrace(seed: number): Trace {
  const rand = seededRandom(seed);
  const target = pick(rand, [1, 7, 10, 70, 100, 0.5]);
  const spec: DeciderSpec = {
    targetValue: target,
    totalValue: target * pick(rand, [1, 1.4286, 10 / 7]),
    targetBurstCapacity: pick(rand, [0, 200, -1, 15.5]),
    panicThreshold: pick(rand, [2, 1.5, 10]),
    stableWindowMs: pick(rand, [60_000, 6_000, 20_000]),
    maxScaleUpRate: pick(rand, [1000, 2, 10]),
    maxScaleDownRate: pick(rand, [2, 1.5, 4]),
    scaleDownDelayMs: pick(rand, [0, 0, 10_000, 30_000]),
    activationScale: pick(rand, [1, 1, 3]),
    reachable: rand() < 0.85,
  };
  let t = 1_700_000_000_000 + Math.floor(rand() * 2_000);
  let ready = Math.floor(rand() * 2);
  const ticks: Tick[] = [];
  let load = rand() * 50;
  for (let i = 0; i < 150; i++) {
    t += 2_000;
    if (rand() < 0.3) load = Math.max(0, load + (rand() - 0.45) * 80);
    if (rand() < 0.05) load = rand() < 0.5 ? 0 : rand() * 1_500;
    const panic = load * (0.5 + rand());
    if (rand() < 0.4) ready = Math.max(0, Math.min(400, ready + Math.floor((rand() - 0.4) * 6)));
    ticks.push({ atMs: t, ready, stable: load, panic, noData: rand() < 0.04 });
  }
  return { spec, startReady: Math.floor(rand() * 2), ticks };
}

function ebbResults(trace: Trace): Result[] {
  let state = initialDeciderState(trace.ticks[0]!.atMs - 2_000, trace.startReady, trace.spec);
  return trace.ticks.map((tick) => {
    const d = decide(
      {
        nowMs: tick.atMs,
        readyPods: tick.ready,
        observed: tick.noData ? undefined : { stable: tick.stable, panic: tick.panic },
        spec: trace.spec,
      },
      state,
    );
    state = d.state;
    return { desired: d.desiredScale, ebc: d.excessBurstCapacity, valid: d.valid };
  });
}

const TRACES = 400;

describe('knative parity - KPA decisions', () => {
  const go = goToolchain();
  let binary = '';
  before(async () => {
    if (go) binary = await buildKnativeProgram(go, 'scaling', (l) => console.log(l));
  });

  test(`${TRACES} random traces decide the same at every tick`, {
    skip: go ? false : 'Go is not installed',
  }, () => {
    const traces = Array.from({ length: TRACES }, (_, i) => randomTrace(i + 1));
    const knative = runKnativeProgram<Result[][]>(binary, traces);
    let ticks = 0;
    traces.forEach((trace, i) => {
      const ours = ebbResults(trace);
      ticks += ours.length;
      for (let k = 0; k < ours.length; k++) {
        const a = ours[k]!;
        const b = knative[i]![k]!;
        const same = a.valid === b.valid && (!a.valid || (a.desired === b.desired && a.ebc === b.ebc));
        assert.ok(
          same,
          `trace ${i} tick ${k} (${JSON.stringify(trace.ticks[k])}, spec ${JSON.stringify(trace.spec)}): Ebb ${JSON.stringify(a)} vs Knative ${JSON.stringify(b)}`,
        );
      }
    });
    console.log(`${traces.length} traces, ${ticks} ticks, every decision equal`);
  });
});
