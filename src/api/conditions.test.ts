import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConditionSet } from './conditions.js';
import type { Status } from './object.js';

const set = new ConditionSet('Ready', ['ConfigurationsReady', 'RoutesReady']);
let clock = 0;
const now = () => `t${++clock}`;

test('conditions - initialize adds every condition as Unknown', () => {
  const status: Status = {};
  set.manage(status, now).initialize();
  assert.deepEqual(
    status.conditions?.map((c) => [c.type, c.status]),
    [
      ['ConfigurationsReady', 'Unknown'],
      ['Ready', 'Unknown'],
      ['RoutesReady', 'Unknown'],
    ],
  );
});

test('conditions - Ready follows the dependents: False wins, then Unknown, then True', () => {
  const status: Status = {};
  const cm = set.manage(status, now);
  cm.initialize();
  cm.markTrue('ConfigurationsReady');
  assert.equal(cm.get('Ready')?.status, 'Unknown');
  cm.markFalse('RoutesReady', 'RevisionMissing', 'no revision');
  assert.deepEqual(
    [cm.get('Ready')?.status, cm.get('Ready')?.reason, cm.get('Ready')?.message],
    ['False', 'RevisionMissing', 'no revision'],
  );
  cm.markTrue('RoutesReady');
  assert.equal(cm.get('Ready')?.status, 'True');
  assert.equal(cm.isHappy(), true);
});

test('conditions - transition time moves only when the status changes', () => {
  const status: Status = {};
  const cm = set.manage(status, now);
  cm.markUnknown('RoutesReady', 'A', 'a');
  const first = cm.get('RoutesReady')?.lastTransitionTime;
  cm.markUnknown('RoutesReady', 'B', 'b');
  assert.equal(cm.get('RoutesReady')?.lastTransitionTime, first);
  cm.markTrue('RoutesReady');
  assert.notEqual(cm.get('RoutesReady')?.lastTransitionTime, first);
});
