import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuntimeStatus } from '../../../serving/runtime/index.js';
import { adapterCondition } from './adapter-status.js';

const status = (over: Partial<RuntimeStatus>): RuntimeStatus => ({
  desired: 1,
  actual: 1,
  ready: 0,
  crashLooping: false,
  restarts: 0,
  backoffMs: 0,
  replicas: [],
  ...over,
});
const crash = { exitCode: 3, signal: null, lastOutput: 'loading\nfatal: no config\n', at: '' };

test('containersource adapter status - running is True, starting Unknown, not running yet Unknown', () => {
  assert.deepEqual(adapterCondition(status({ ready: 1 })), { status: 'True' });
  assert.equal(adapterCondition(status({})).status, 'Unknown');
  assert.equal(adapterCondition(undefined).status, 'Unknown');
});

test('containersource adapter status - a crash says the exit code, the restarts and the last output', () => {
  assert.deepEqual(adapterCondition(status({ lastTermination: crash, crashLooping: true, restarts: 2 })), {
    status: 'False',
    reason: 'ExitCode3',
    message: 'Container failed with exit code 3 (2 restarts): loading\nfatal: no config',
  });
  const running = adapterCondition(status({ lastTermination: crash, ready: 1, restarts: 1 }));
  assert.equal(running.status, 'False', 'until the restarted process has stayed up');
  const killed = adapterCondition(
    status({ lastTermination: { ...crash, exitCode: null, signal: 'SIGKILL' }, restarts: 1 }),
  );
  assert.deepEqual([killed.status, (killed as { reason: string }).reason], ['False', 'Signaled']);
});

test('containersource adapter status - a command that cannot start is ContainerMissing', () => {
  const got = adapterCondition(status({ startError: 'command "nope" not found (ENOENT)' }));
  assert.deepEqual(got, {
    status: 'False',
    reason: 'ContainerMissing',
    message: 'command "nope" not found (ENOENT)',
  });
});
