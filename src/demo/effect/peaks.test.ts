import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mealPeaks } from './peaks.js';
import { syntheticSamples } from './testing.js';
import type { EffectSample } from './types.js';

test('effect peaks - one band per meal, the small breakfast included', () => {
  const peaks = mealPeaks(syntheticSamples());
  assert.equal(peaks.length, 3, JSON.stringify(peaks));
  const centres = [8 * 60, 12.5 * 60, 19.5 * 60];
  peaks.forEach((p, i) => {
    assert.ok(p.from < centres[i]! && centres[i]! < p.to, `peak ${i} ${JSON.stringify(p)}`);
    assert.ok(p.to - p.from < 180, `peak ${i} narrower than three hours`);
  });
});

test('effect peaks - none on a day without orders or without samples', () => {
  const quiet: EffectSample[] = syntheticSamples(100).map((s) => ({ ...s, producedPerSec: 0 }));
  assert.deepEqual(mealPeaks(quiet), []);
  assert.deepEqual(mealPeaks([]), []);
});
