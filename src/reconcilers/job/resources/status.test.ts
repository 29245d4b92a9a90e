import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject, Status } from '../../../api/object.js';
import { countRun, finish, retryDelayMs, ttlLeftMs, verdict } from './status.js';

const job = (spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', namespace: 'default' },
  spec: { completions: 1, backoffLimit: 1, ...spec },
});
const end = (exitCode: number, lastOutput = '') => ({ exitCode, signal: null, lastOutput, finishedAt: '' });

test('job status - a success completes; failures past backoffLimit fail with BackoffLimitExceeded', () => {
  const ok: Status = {};
  countRun(ok, end(0));
  assert.deepEqual(verdict(job(), ok), {
    done: true,
    type: 'Complete',
    reason: 'CompletionsReached',
    message: 'Reached expected number of succeeded pods',
  });
  const bad: Status = {};
  countRun(bad, end(2));
  assert.deepEqual(verdict(job(), bad), { done: false }, 'one failure is within backoffLimit 1');
  countRun(bad, end(2, 'boom'));
  const v = verdict(job(), bad, end(2, 'boom'));
  assert.ok(v.done && v.type === 'Failed' && v.reason === 'BackoffLimitExceeded');
  assert.match(v.done ? v.message : '', /exited with code 2; last output: boom/);
  assert.deepEqual([bad.failed, bad.succeeded, bad.active], [2, undefined, undefined]);
});

test('job status - completionTime on Complete, ttlSecondsAfterFinished counts from it, retries double', () => {
  const status: Status = { succeeded: 1 };
  finish(
    status,
    { done: true, type: 'Complete', reason: 'CompletionsReached', message: '' },
    Date.parse('2024-01-01T00:00:00Z'),
  );
  assert.equal(status.completionTime, '2024-01-01T00:00:00.000Z');
  const t = Date.parse('2024-01-01T00:00:04Z');
  assert.equal(ttlLeftMs(job({ ttlSecondsAfterFinished: 10 }), status, t), 6_000);
  assert.equal(ttlLeftMs(job({ ttlSecondsAfterFinished: 1 }), status, t), 0);
  assert.equal(ttlLeftMs(job(), status, t), undefined, 'kept without a ttl');
  assert.deepEqual([1, 2, 3, 10].map(retryDelayMs), [1_000, 2_000, 4_000, 60_000]);
});
