import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newRuntime, serverRevision, sleep, waitForStatus } from './testdata/harness.js';

/** A process that serves nothing and runs until stopped, as a source's adapter does. */
const idle = (overrides = {}) =>
  serverRevision(
    {},
    {
      command: [process.execPath, '-e', 'setInterval(() => {}, 1000)'],
      defaultReadiness: 'started',
      ...overrides,
    },
  );

describe('runtime - started readiness', { concurrency: true }, () => {
  it('runtime - a replica without a probe is ready once spawned when defaultReadiness is started', async (t) => {
    const runtime = newRuntime(t);
    const rev = idle();
    runtime.ensure(rev, 1);
    const st = await waitForStatus(runtime, rev.key, (s) => s.ready === 1, 2_000);
    assert.equal(st.replicas[0]?.state, 'ready');
  });

  it('runtime - a readiness probe still decides when one is given', async (t) => {
    const runtime = newRuntime(t);
    const rev = idle({ readinessProbe: { tcpSocket: {} } });
    runtime.ensure(rev, 1);
    await sleep(400);
    assert.equal(runtime.status(rev.key)!.ready, 0, 'nothing listens on $PORT');
  });

  it('runtime - switching the default readiness replaces the replicas', async (t) => {
    const runtime = newRuntime(t);
    const rev = idle();
    runtime.ensure(rev, 1);
    const first = await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    runtime.ensure({ ...rev, defaultReadiness: 'tcp' }, 1);
    const next = await waitForStatus(runtime, rev.key, (s) => s.replicas[0]?.id !== first.replicas[0]?.id);
    assert.equal(next.ready, 0);
  });
});
