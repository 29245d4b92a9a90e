import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ActiveStatus,
  applyBounds,
  initialReplicas,
  nextPaState,
  type PaState,
  SCALE_UNKNOWN,
  type ScalerSpec,
  scale,
} from './scaler.js';

const S = 1_000;
const NOW = 1_700_000_000_000;

function spec(over: Partial<ScalerSpec> = {}): ScalerSpec {
  return {
    minScale: 0,
    maxScale: 0,
    initialScale: 1,
    enableScaleToZero: true,
    stableWindowMs: 60 * S,
    scaleToZeroGracePeriodMs: 30 * S,
    scaleToZeroPodRetentionPeriodMs: 0,
    activationTimeoutMs: 630 * S,
    reachable: true,
    ...over,
  };
}

/** A PA whose Active condition has been `active` for `forMs`, proxied for `proxyForMs` (undefined = serving). */
function pa(active: ActiveStatus, forMs: number, proxyForMs?: number): PaState {
  return {
    active,
    activeSinceMs: NOW - forMs,
    scaleTargetInitialized: true,
    proxySinceMs: proxyForMs === undefined ? undefined : NOW - proxyForMs,
  };
}

test('autoscaler scaler - applyBounds: at least min-scale, at most max-scale (0 = none)', () => {
  const table: [number, number, number, number][] = [
    // desired, min, max, want
    [0, 0, 0, 0],
    [5, 2, 0, 5],
    [1, 2, 0, 2],
    [10, 0, 4, 4],
    [3, 1, 3, 3],
    [0, 1, 3, 1],
    [-1, 0, 0, 0],
  ];
  for (const [desired, minScale, maxScale, want] of table) {
    assert.equal(
      applyBounds(desired, { minScale, maxScale }),
      want,
      `${desired} in [${minScale}, ${maxScale}]`,
    );
  }
});

test('autoscaler scaler - min and max scale bound the recommendation', () => {
  const table: [string, number, Partial<ScalerSpec>, number][] = [
    ['above max-scale', 15, { maxScale: 10 }, 10],
    ['below min-scale', 1, { minScale: 3 }, 3],
    ['within', 5, { minScale: 3, maxScale: 10 }, 5],
    ['min-scale 1 never reaches zero', 0, { minScale: 1 }, 1],
    ['unbounded', 1000, {}, 1000],
  ];
  for (const [name, desired, over, want] of table) {
    assert.deepEqual(scale(desired, pa('True', 120 * S), spec(over), NOW), { want, apply: true }, name);
  }
});

test('autoscaler scaler - initial-scale holds until reached once; unreachable revisions skip it', () => {
  const notInitialized = { ...pa('Unknown', 5 * S, 5 * S), scaleTargetInitialized: false };
  const table: [string, number, PaState, Partial<ScalerSpec>, number][] = [
    ['initial-scale 3 before it was reached', 1, notInitialized, { initialScale: 3 }, 3],
    ['min-scale above initial-scale', 1, notInitialized, { initialScale: 3, minScale: 5 }, 5],
    ['after it was reached', 1, pa('True', 5 * S), { initialScale: 3 }, 1],
    ['unreachable', 1, notInitialized, { initialScale: 3, reachable: false }, 1],
  ];
  for (const [name, desired, state, over, want] of table) {
    assert.equal(scale(desired, state, spec(over), NOW).want, want, name);
  }
  const replicas: [Partial<ScalerSpec>, number][] = [
    [{}, 1],
    [{ initialScale: 3 }, 3],
    [{ initialScale: 3, maxScale: 2 }, 2],
    [{ initialScale: 1, minScale: 4 }, 4],
    [{ initialScale: 0 }, 0],
    [{ initialScale: 3, reachable: false }, 0],
  ];
  for (const [over, want] of replicas) assert.equal(initialReplicas(spec(over)), want, JSON.stringify(over));
});

test('autoscaler scaler - scale to zero only when allowed and idle long enough (kpa/scaler.go)', () => {
  const table: [string, PaState, Partial<ScalerSpec>, { want: number; apply: boolean }][] = [
    [
      'enable-scale-to-zero false keeps one',
      pa('True', 600 * S),
      { enableScaleToZero: false },
      { want: 1, apply: true },
    ],
    ['min-scale 1 keeps one', pa('False', 600 * S, 600 * S), { minScale: 1 }, { want: 1, apply: true }],
    ['active for less than the stable window: stay at 1', pa('True', 59 * S), {}, { want: 1, apply: true }],
    [
      'active for the stable window: mark inactive, keep replicas',
      pa('True', 60 * S),
      {},
      { want: 0, apply: false },
    ],
    [
      'inactive and just proxied: wait for the grace period',
      pa('False', 10 * S, 10 * S),
      {},
      { want: 0, apply: false },
    ],
    ['inactive for the grace period: zero', pa('False', 30 * S, 30 * S), {}, { want: 0, apply: true }],
    [
      'proxied for the grace period already: zero at once',
      pa('False', 2 * S, 40 * S),
      {},
      { want: 0, apply: true },
    ],
    [
      'pod retention not yet over',
      pa('False', 40 * S, 600 * S),
      { scaleToZeroPodRetentionPeriodMs: 120 * S },
      { want: 0, apply: false },
    ],
    [
      'pod retention over',
      pa('False', 120 * S, 600 * S),
      { scaleToZeroPodRetentionPeriodMs: 120 * S },
      { want: 0, apply: true },
    ],
    [
      'retention shorter than grace: grace still applies when not proxied',
      pa('False', 20 * S, 20 * S),
      { scaleToZeroPodRetentionPeriodMs: 10 * S },
      { want: 0, apply: false },
    ],
    ['activating: unknown, wait', pa('Unknown', 60 * S, 60 * S), {}, { want: SCALE_UNKNOWN, apply: false }],
    [
      'activating past the progress deadline: give up',
      pa('Unknown', 631 * S, 631 * S),
      {},
      { want: 0, apply: true },
    ],
  ];
  for (const [name, state, over, want] of table)
    assert.deepEqual(scale(0, state, spec(over), NOW), want, name);
});

test('autoscaler scaler - no recommendation yet keeps the current scale', () => {
  assert.deepEqual(scale(-1, pa('True', 5 * S), spec(), NOW), { want: -1, apply: false });
  assert.deepEqual(scale(-1, pa('False', 5 * S), spec(), NOW), { want: -1, apply: false });
  assert.deepEqual(scale(-1, pa('Unknown', 5 * S), spec({ minScale: 2 }), NOW), { want: 2, apply: true });
});

test('autoscaler scaler - Active condition and proxy mode after a reconcile', () => {
  const table: [string, PaState, number, number, number, ActiveStatus, boolean][] = [
    // name, state, want, ready, ebc, active, proxied
    ['wanted and ready: active', pa('Unknown', S, S), 1, 1, 5, 'True', false],
    ['wanted, not ready: activating', pa('True', S), 2, 0, 5, 'Unknown', false],
    ['want 0: inactive', pa('True', S), 0, 1, 5, 'False', true],
    ['no decision while inactive stays inactive', pa('False', S, S), -1, 0, 0, 'False', true],
    ['no decision while active stays active', pa('True', S), -1, 1, 0, 'True', true],
    ['negative excess burst capacity: proxy', pa('True', S), 3, 3, -1, 'True', true],
  ];
  for (const [name, state, want, ready, ebc, active, proxied] of table) {
    const next = nextPaState(state, { want, ready, excessBurstCapacity: ebc }, spec(), NOW);
    assert.equal(next.active, active, name);
    assert.equal(next.proxySinceMs !== undefined, proxied, `${name}: proxied`);
  }
  const turned = nextPaState(pa('True', 100 * S), { want: 0, ready: 1, excessBurstCapacity: 0 }, spec(), NOW);
  assert.equal(turned.activeSinceMs, NOW, 'a transition restarts the clock');
  const kept = nextPaState(pa('True', 100 * S), { want: 1, ready: 1, excessBurstCapacity: 0 }, spec(), NOW);
  assert.equal(kept.activeSinceMs, NOW - 100 * S);
  const zeroInitial = nextPaState(
    { ...pa('Unknown', 0, 0), scaleTargetInitialized: false },
    { want: -1, ready: 0, excessBurstCapacity: 0 },
    spec({ initialScale: 0 }),
    NOW,
  );
  assert.equal(zeroInitial.active, 'False', 'initial-scale 0 starts inactive');
});
