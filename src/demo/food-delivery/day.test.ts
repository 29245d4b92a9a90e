import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockText, DAY_START, DayClock, MEALS, orderRate } from './day.js';

const shape = { peakRate: 200, valleyRate: 10 };
const at = (hh: number, mm = 0) => hh * 60 + mm;

test('day - three meal peaks of different heights, lunch the highest, at the peak rate', () => {
  const [breakfast, lunch, dinner] = MEALS.map((m) => orderRate(m.at, shape));
  assert.ok(Math.abs(lunch! - 200) < 1, `lunch ${lunch}`);
  assert.ok(breakfast! < dinner! && dinner! < lunch!, `${breakfast} < ${dinner} < ${lunch}`);
});

test('day - the afternoon lull is at the valley rate, the night has no orders at all', () => {
  assert.equal(orderRate(at(15, 45), shape), 10);
  for (const m of [at(23, 30), at(2), at(5, 59), at(24 + 3)])
    assert.equal(orderRate(m, shape), 0, `at ${clockText(m)}`);
  assert.ok(orderRate(at(6, 15), shape) > 0 && orderRate(at(6, 15), shape) < 10, 'a ramp at opening');
});

test('day - the clock runs from 04:00 to 04:00 the next morning over the real minutes', () => {
  const clock = new DayClock(2);
  assert.equal(clock.lengthMs, 120_000);
  assert.equal(clock.at(0), DAY_START);
  assert.equal(clock.at(60_000), DAY_START + 720);
  assert.equal(clock.at(999_999), DAY_START + 1440, 'stops at the end of the day');
  assert.equal(clock.speed, 12);
  assert.equal(clockText(clock.at(60_000)), '16:00');
  assert.equal(clockText(DAY_START + 1440), '04:00');
});
