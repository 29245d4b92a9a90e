/**
 * The KPA's window averages against Knative's own code: seeded random traces of per-second concurrency
 * records (bursts, several records in one second, gaps shorter and longer than the window) and queries at
 * any millisecond, run through knative.dev/serving/pkg/autoscaler/aggregation (test/knative/aggregation,
 * built from the Go module proxy) and through Ebb's TimedBuckets. Every answer must be the same float64,
 * linear and weighted-exponential, for stable-window and panic-window sizes. Skips without Go.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { seededRandom } from '../../src/demo/food-delivery/orders.js';
import { TimedBuckets } from '../../src/serving/autoscaler/buckets.js';
import { buildKnativeProgram, goToolchain, runKnativeProgram } from '../helpers/knative-go.js';

interface Op {
  op: 'record' | 'avg';
  atMs: number;
  value?: number;
}

interface Trace {
  windowMs: number;
  weighted: boolean;
  ops: Op[];
}

const WINDOWS_MS = [6_000, 60_000, 6_600, 2_000, 10_500, 1_000];

function randomTrace(seed: number, weighted: boolean): Trace {
  const rand = seededRandom(seed);
  const windowMs = WINDOWS_MS[seed % WINDOWS_MS.length]!;
  const ops: Op[] = [];
  let t = 1_700_000_000_000 + Math.floor(rand() * 1_000);
  const value = () => {
    const r = rand();
    if (r < 0.2) return 0;
    if (r < 0.5) return Math.floor(rand() * 50) / 10; // 0.1 steps: sums that float64 cannot hold exactly
    if (r < 0.7) return 1 / (1 + Math.floor(rand() * 7));
    return rand() * 40;
  };
  for (let step = 0; step < 240; step++) {
    const r = rand();
    if (r < 0.06)
      t += windowMs + Math.floor(rand() * 2 * windowMs); // a gap longer than the window
    else if (r < 0.2) t += 1_000 * (1 + Math.floor(rand() * 5));
    else t += 1_000;
    const records = rand() < 0.15 ? 2 + Math.floor(rand() * 3) : 1;
    for (let i = 0; i < records; i++)
      ops.push({ op: 'record', atMs: t + Math.floor(rand() * 999), value: value() });
    const queries = Math.floor(rand() * 3);
    for (let q = 0; q < queries; q++) {
      const later = rand() < 0.6 ? 0 : Math.floor(rand() * (windowMs + 2_000));
      ops.push({ op: 'avg', atMs: t + later + Math.floor(rand() * 999) });
    }
  }
  // Queries must not go back in time before later records: Ebb's collector asks at "now".
  let latest = 0;
  const ordered: Op[] = [];
  for (const o of ops) {
    if (o.op === 'record') {
      if (o.atMs < latest) o.atMs = latest;
      latest = o.atMs;
    } else if (o.atMs < latest) continue;
    ordered.push(o);
  }
  // A query at a later time than the next record would put the record in the past: keep time monotonic.
  const mono: Op[] = [];
  let clock = 0;
  for (const o of ordered) {
    if (o.atMs < clock) continue;
    clock = o.atMs;
    mono.push(o);
  }
  return { windowMs, weighted, ops: mono };
}

function ebbAnswers(trace: Trace): number[] {
  const b = new TimedBuckets(trace.windowMs);
  b.track(trace.windowMs);
  const out: number[] = [];
  for (const o of trace.ops) {
    if (o.op === 'record') b.record(o.atMs, o.value!);
    else
      out.push(
        trace.weighted ? b.weightedAverage(o.atMs, trace.windowMs) : b.windowAverage(o.atMs, trace.windowMs),
      );
  }
  return out;
}

const TRACES = 300;

describe('knative parity - KPA window averages', () => {
  const go = goToolchain();
  let binary = '';
  before(async () => {
    if (go) binary = await buildKnativeProgram(go, 'aggregation', (l) => console.log(l));
  });

  for (const weighted of [false, true]) {
    const name = weighted ? 'weighted-exponential' : 'linear';
    test(`${name}: ${TRACES} random traces answer the same float64 at every query`, {
      skip: go ? false : 'Go is not installed',
    }, () => {
      const traces = Array.from({ length: TRACES }, (_, i) =>
        randomTrace(i + 1 + (weighted ? 10_000 : 0), weighted),
      );
      const knative = runKnativeProgram<number[][]>(binary, traces);
      let queries = 0;
      traces.forEach((trace, i) => {
        const ours = ebbAnswers(trace);
        queries += ours.length;
        const at = ours.findIndex((v, q) => !Object.is(v, knative[i]![q]));
        assert.equal(
          at,
          -1,
          `trace ${i} (window ${trace.windowMs} ms): query ${at} Ebb ${ours[at]} vs Knative ${knative[i]![at]}`,
        );
        assert.equal(ours.length, knative[i]!.length);
      });
      console.log(`${name}: ${traces.length} traces, ${queries} queries, all equal`);
    });
  }
});
