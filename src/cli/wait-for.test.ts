import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../api/object.js';
import { conditionMet, explain, parseWaitFor } from './wait-for.js';

const svc = (status: 'True' | 'False' | 'Unknown', generation = 1, observedGeneration?: number): KObject => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', generation },
  status: {
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
    conditions: [{ type: 'Ready', status, reason: 'RevisionMissing', message: 'waiting' }],
  },
});

test('wait - parses --for', () => {
  assert.deepEqual(parseWaitFor('condition=Ready'), { delete: false, condition: 'Ready', status: 'True' });
  assert.deepEqual(parseWaitFor('condition=Ready=False'), {
    delete: false,
    condition: 'Ready',
    status: 'False',
  });
  assert.deepEqual(parseWaitFor('delete'), { delete: true });
  assert.throws(() => parseWaitFor('ready'), /unrecognized condition "ready"/);
});

test('wait - a condition is met only when True and not stale', () => {
  assert.equal(conditionMet(svc('True', 2, 2), 'Ready'), true);
  assert.equal(conditionMet(svc('True', 2), 'Ready'), true);
  assert.equal(conditionMet(svc('True', 2, 1), 'Ready'), false);
  assert.equal(conditionMet(svc('Unknown', 1, 1), 'Ready'), false);
  assert.equal(conditionMet(svc('False', 1, 1), 'ready', 'false'), true);
  assert.equal(conditionMet(svc('True', 1, 1), 'RoutesReady'), false);
});

test('wait - explains the current condition on timeout', () => {
  assert.equal(explain(svc('Unknown', 1, 1), 'Ready'), '  Ready=Unknown RevisionMissing: waiting');
  assert.match(
    explain(svc('True', 3, 2), 'Ready')!,
    /status is for generation 2, the object is at generation 3/,
  );
  assert.equal(explain(undefined, 'Ready'), '  the object was not found');
});
