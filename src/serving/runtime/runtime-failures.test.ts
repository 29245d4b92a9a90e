import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAlive, newRuntime, serverRevision, waitForStatus, waitUntil } from './testdata/harness.js';

describe('runtime - failures and removal', { concurrency: true }, () => {
  it('runtime - a replica that exits at start crash-loops with its exit code, output and a growing backoff', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision({ EXIT_AT_START: '3' });
    const backoffs: number[] = [];
    runtime.on('change', (key) => {
      const b = runtime.status(key)?.backoffMs;
      if (b && b !== backoffs.at(-1)) backoffs.push(b);
    });
    runtime.ensure(rev, 1);
    const status = await waitForStatus(runtime, rev.key, (s) => s.restarts >= 4, 8_000);
    assert.equal(status.crashLooping, true);
    assert.equal(status.ready, 0);
    assert.equal(status.startError, undefined);
    const term = status.lastTermination!;
    assert.equal(term.exitCode, 3);
    assert.equal(term.signal, null);
    assert.ok(!Number.isNaN(Date.parse(term.at)));
    const lines = term.lastOutput.split('\n');
    assert.equal(lines.length, 20);
    assert.equal(lines.at(-1), 'fatal: giving up');
    assert.equal(lines.at(-2), 'boot line 29');
    assert.ok(!term.lastOutput.includes('ebb:'), 'runtime notes are not replica output');
    assert.deepEqual(backoffs.slice(0, 4), [100, 200, 400, 800]);
  });

  it('runtime - a command that does not exist is a start error, retried with backoff', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision({}, { command: ['ebb-no-such-command-xyz', '--serve'] });
    runtime.ensure(rev, 1);
    const status = await waitForStatus(runtime, rev.key, (s) => s.restarts >= 2);
    assert.equal(status.startError, 'command "ebb-no-such-command-xyz" not found (ENOENT)');
    assert.equal(status.crashLooping, true);
    assert.equal(status.lastTermination, undefined);
    assert.match(runtime.logs(rev.key), /ebb: start failed: command "ebb-no-such-command-xyz" not found/);
  });

  it('runtime - a missing workingDir is a start error', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision({}, { workingDir: 'no/such/dir' });
    runtime.ensure(rev, 1);
    const status = await waitForStatus(runtime, rev.key, (s) => s.startError !== undefined);
    assert.match(status.startError!, /^workingDir "no\/such\/dir" is not a directory/);
  });

  it('runtime - a failing liveness probe restarts the replica', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision(
      { LIVE_FAIL_AFTER_MS: '200' },
      { livenessProbe: { httpGet: { path: '/live' }, periodSeconds: 1, failureThreshold: 1 } },
    );
    runtime.ensure(rev, 1);
    const first = await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    const firstPid = first.replicas[0]!.pid!;
    const restarted = await waitForStatus(
      runtime,
      rev.key,
      (s) => s.restarts === 1 && s.ready === 1 && s.replicas[0]!.pid !== firstPid,
      6_000,
    );
    assert.equal(restarted.lastTermination?.signal, 'SIGTERM');
    assert.ok(!isAlive(firstPid));
    assert.match(runtime.logs(rev.key), /ebb: liveness probe failed; restarting/);
  });

  it('runtime - removal leaves the ready set, waits for drain, then sends SIGTERM', async (t) => {
    const drains: { id: string; timeoutMs: number; readyDuring: number; doneAt: number }[] = [];
    const runtime = newRuntime(t, {
      drain: async (id, timeoutMs) => {
        const readyDuring = runtime.readyEndpoints(rev.key).length;
        await new Promise((r) => setTimeout(r, 300));
        drains.push({ id, timeoutMs, readyDuring, doneAt: Date.now() });
      },
    });
    const rev = serverRevision(
      { ON_SIGTERM: 'exit' },
      { timeoutSeconds: 7, terminationGracePeriodSeconds: 5 },
    );
    runtime.ensure(rev, 1);
    const status = await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    const pid = status.replicas[0]!.pid!;
    const start = Date.now();
    await runtime.remove(rev.key);
    const took = Date.now() - start;
    assert.equal(drains.length, 1);
    assert.equal(drains[0]!.id, status.replicas[0]!.id);
    assert.equal(drains[0]!.timeoutMs, 7_000);
    assert.equal(drains[0]!.readyDuring, 0, 'the router must not see the replica while it drains');
    const sigtermAt = Number(/SIGTERM received at (\d+)/.exec(runtime.logs(rev.key))?.[1]);
    assert.ok(sigtermAt >= drains[0]!.doneAt, 'SIGTERM only after drain resolved');
    assert.ok(took >= 300 && took < 2_000, `removal took ${took} ms`);
    assert.match(runtime.logs(rev.key), /ebb: exited with code 0/);
    assert.ok(!isAlive(pid));
    assert.equal(runtime.status(rev.key), undefined);
  });

  it('runtime - a drain that never finishes is bounded by the revision timeout', async (t) => {
    const runtime = newRuntime(t, { drain: () => new Promise(() => {}) });
    const rev = serverRevision({}, { timeoutSeconds: 1 });
    runtime.ensure(rev, 1);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    const start = Date.now();
    await runtime.remove(rev.key);
    const took = Date.now() - start;
    assert.ok(took >= 1_000 && took < 2_500, `removal took ${took} ms`);
  });

  it('runtime - a replica that ignores SIGTERM is SIGKILLed after the grace period', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision({ ON_SIGTERM: 'ignore' }, { terminationGracePeriodSeconds: 1 });
    runtime.ensure(rev, 1);
    const status = await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    const start = Date.now();
    await runtime.remove(rev.key);
    const took = Date.now() - start;
    assert.ok(took >= 1_000 && took < 2_500, `removal took ${took} ms`);
    assert.ok(!isAlive(status.replicas[0]!.pid!));
    const logs = runtime.logs(rev.key);
    assert.match(logs, /SIGTERM ignored/);
    assert.match(logs, /ebb: still running 1000 ms after SIGTERM; sending SIGKILL/);
    assert.match(logs, /ebb: exited on SIGKILL/);
  });
});

describe('runtime - waiting', () => {
  it('runtime - scaling to zero stops every replica and keeps the revision', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision();
    runtime.ensure(rev, 2);
    const two = await waitForStatus(runtime, rev.key, (s) => s.ready === 2);
    runtime.ensure(rev, 0);
    await waitUntil(() => !two.replicas.some((r) => isAlive(r.pid!)), 5_000, 'replicas to exit');
    assert.deepEqual(
      { ...runtime.status(rev.key)!, replicas: [] },
      { desired: 0, actual: 0, ready: 0, crashLooping: false, restarts: 0, backoffMs: 0, replicas: [] },
    );
  });
});
