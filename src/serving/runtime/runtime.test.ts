import assert from 'node:assert/strict';
import { basename, dirname } from 'node:path';
import { describe, it } from 'node:test';
import {
  get,
  isAlive,
  newRuntime,
  SERVER,
  serverRevision,
  sleep,
  waitForStatus,
  waitUntil,
} from './testdata/harness.js';

describe('runtime - replicas', { concurrency: true }, () => {
  it('runtime - replicas get PORT and the revision env, not the platform env', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision({ GREETING: 'hi', K_REVISION: 'hello-00001' });
    runtime.ensure(rev, 1);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    const [endpoint] = runtime.readyEndpoints(rev.key);
    assert.ok(endpoint);
    assert.equal(endpoint.host, '127.0.0.1');
    assert.equal(endpoint.revision, rev.key);
    assert.match(endpoint.id, /^default\/hello-\d+#1$/);
    const env = JSON.parse((await get(endpoint.port, '/env')).body) as Record<string, string>;
    assert.equal(env.PORT, String(endpoint.port));
    assert.equal(env.GREETING, 'hi');
    assert.equal(env.K_REVISION, 'hello-00001');
    assert.equal(env.PATH, process.env.PATH);
    assert.equal(env.NODE_TEST_CONTEXT, undefined, 'platform env leaked');
  });

  it('runtime - a replica is ready only after its readiness probe passes', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision({ LISTEN_DELAY_MS: '300' });
    const start = Date.now();
    runtime.ensure(rev, 1);
    await sleep(150);
    const early = runtime.status(rev.key)!;
    assert.equal(early.actual, 1);
    assert.equal(early.ready, 0);
    assert.deepEqual(runtime.readyEndpoints(rev.key), []);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    const elapsed = Date.now() - start;
    assert.ok(elapsed >= 300, `ready after ${elapsed} ms`);
    assert.ok(elapsed < 1_500, `aggressive start-up probing should be quick, took ${elapsed} ms`);
  });

  it('runtime - httpGet readiness uses the probe path', async (t) => {
    const runtime = newRuntime(t);
    const env = { HEALTHY_PATH: '/healthz' };
    const good = serverRevision(env, { readinessProbe: { httpGet: { path: '/healthz' } } });
    const bad = serverRevision(env, { readinessProbe: { httpGet: { path: '/' } } });
    runtime.ensure(good, 1);
    runtime.ensure(bad, 1);
    await waitForStatus(runtime, good.key, (s) => s.ready === 1);
    await sleep(400);
    assert.equal(runtime.status(bad.key)!.ready, 0);
    assert.equal(runtime.status(bad.key)!.actual, 1);
  });

  it('runtime - a ready replica that fails readiness leaves the ready set and rejoins', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision(
      { HEALTHY_PATH: '/healthz' },
      { readinessProbe: { httpGet: { path: '/healthz' }, periodSeconds: 1, failureThreshold: 1 } },
    );
    const changes: string[] = [];
    runtime.on('change', (key) => changes.push(key));
    runtime.ensure(rev, 1);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    const [endpoint] = runtime.readyEndpoints(rev.key);
    await get(endpoint!.port, '/toggle');
    await waitForStatus(runtime, rev.key, (s) => s.ready === 0 && s.actual === 1, 3_000);
    assert.equal(runtime.status(rev.key)!.replicas[0]!.state, 'unready');
    await get(endpoint!.port, '/toggle');
    await waitForStatus(runtime, rev.key, (s) => s.ready === 1, 3_000);
    assert.equal(runtime.readyEndpoints(rev.key)[0]!.id, endpoint!.id, 'the same replica rejoined');
    assert.ok(changes.every((k) => k === rev.key) && changes.length >= 3);
  });

  it('runtime - scales 1 → 3 → 1, removing the newest replicas', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision();
    runtime.ensure(rev, 1);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    runtime.ensure(rev, 3);
    const three = await waitForStatus(runtime, rev.key, (s) => s.ready === 3);
    assert.equal(three.desired, 3);
    assert.equal(three.actual, 3);
    const ports = new Set(runtime.readyEndpoints(rev.key).map((e) => e.port));
    assert.equal(ports.size, 3, 'each replica has its own port');
    const pids = three.replicas.map((r) => r.pid!);
    runtime.ensure(rev, 1);
    const one = runtime.status(rev.key)!;
    assert.equal(one.actual, 1, 'removed replicas leave at once');
    assert.equal(one.desired, 1);
    assert.match(one.replicas[0]!.id, /#1$/, 'the oldest replica stays');
    await waitUntil(() => pids.filter(isAlive).length === 1, 5_000, 'two replicas to exit');
    assert.deepEqual(
      runtime.readyEndpoints(rev.key).map((e) => e.id),
      [one.replicas[0]!.id],
    );
  });

  it('runtime - ensure with nothing new emits no change (a reconcile loop stays quiet)', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision();
    runtime.ensure(rev, 1);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    await sleep(20);
    let changes = 0;
    let desired = 1;
    runtime.on('change', () => {
      changes++;
      runtime.ensure({ ...rev, env: { ...rev.env } }, desired);
    });
    runtime.ensure({ ...rev }, 1);
    await sleep(50);
    assert.equal(changes, 0);
    desired = 2;
    runtime.ensure(rev, 2);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 2);
    await sleep(30);
    const settled = changes;
    assert.ok(settled >= 2 && settled < 10, `${settled} changes for one scale-up`);
    await sleep(100);
    assert.equal(changes, settled, 'no change loop');
  });

  it('runtime - relative command paths and exec probes start in workingDir under baseDir', async (t) => {
    const runtime = newRuntime(t);
    const serverExists = "process.exit(require('node:fs').existsSync('server.mjs') ? 0 : 1)";
    const rev = serverRevision(
      {},
      {
        command: [process.execPath, 'server.mjs'],
        baseDir: dirname(dirname(SERVER)),
        workingDir: basename(dirname(SERVER)),
        readinessProbe: { exec: { command: [process.execPath, '-e', serverExists] } },
      },
    );
    runtime.ensure(rev, 1);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
  });

  it('runtime - a changed spec replaces the replicas', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision({ VERSION: '1' });
    runtime.ensure(rev, 1);
    const before = await waitForStatus(runtime, rev.key, (s) => s.ready === 1);
    runtime.ensure({ ...rev, env: { VERSION: '2' } }, 1);
    await waitForStatus(
      runtime,
      rev.key,
      (s) => s.ready === 1 && s.replicas[0]!.pid !== before.replicas[0]!.pid,
    );
    const [endpoint] = runtime.readyEndpoints(rev.key);
    const env = JSON.parse((await get(endpoint!.port, '/env')).body) as Record<string, string>;
    assert.equal(env.VERSION, '2');
    await waitUntil(() => !isAlive(before.replicas[0]!.pid!), 5_000, 'the old replica to exit');
  });

  it('runtime - logs hold every replica line, tail and follow work', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision();
    const followed: string[] = [];
    const unsubscribe = runtime.followLogs(rev.key, (line) => followed.push(line));
    runtime.ensure(rev, 2);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 2);
    await waitUntil(() => followed.filter((l) => l.includes('listening on')).length === 2, 2_000, 'output');
    const logs = runtime.logs(rev.key);
    assert.match(logs, new RegExp(`^\\[${rev.key}#1\\] listening on \\d+ pid \\d+$`, 'm'));
    assert.match(logs, new RegExp(`^\\[${rev.key}#2\\] listening on \\d+ pid \\d+$`, 'm'));
    assert.match(logs, new RegExp(`^\\[${rev.key}#1\\] ebb: started pid \\d+ on port \\d+$`, 'm'));
    assert.deepEqual(followed, logs.trimEnd().split('\n'));
    const tail = runtime.logs(rev.key, { tail: 1 });
    assert.equal(tail, `${followed.at(-1)}\n`);
    unsubscribe();
    await runtime.remove(rev.key);
    assert.ok(runtime.logs(rev.key).includes('ebb: exited'), 'logs outlive the revision');
    assert.equal(followed.length, logs.trimEnd().split('\n').length, 'no lines after unsubscribe');
  });

  it('runtime - stopAll leaves no process behind, shell wrappers’ children included', async (t) => {
    const runtime = newRuntime(t);
    const plain = serverRevision();
    const wrapped = serverRevision(
      {},
      { command: ['sh', '-c', `"${process.execPath}" "$0" & wait`, SERVER] },
    );
    runtime.ensure(plain, 2);
    runtime.ensure(wrapped, 1);
    await waitForStatus(runtime, plain.key, (s) => s.ready === 2);
    await waitForStatus(runtime, wrapped.key, (s) => s.ready === 1);
    const pids = [plain.key, wrapped.key].flatMap((k) => runtime.status(k)!.replicas.map((r) => r.pid!));
    await waitUntil(() => runtime.logs(wrapped.key).includes('listening on'), 2_000, 'the wrapped server');
    const grandchild = Number(/listening on \d+ pid (\d+)/.exec(runtime.logs(wrapped.key))?.[1]);
    assert.ok(grandchild > 0 && !pids.includes(grandchild), 'the wrapper runs the server as a child');
    pids.push(grandchild);
    assert.ok(pids.every(isAlive));
    await runtime.stopAll();
    await waitUntil(() => !pids.some(isAlive), 2_000, 'every process to be gone');
    assert.equal(runtime.status(plain.key), undefined);
    runtime.ensure(plain, 1);
    assert.equal(runtime.status(plain.key), undefined, 'ensure after stopAll is ignored');
  });

  it('runtime - replicaStart and replicaEnd bracket every replica, removed ones included', async (t) => {
    const runtime = newRuntime(t);
    const rev = serverRevision();
    const events: string[] = [];
    runtime.on('replicaStart', (key, id, pid) => events.push(`start ${key === rev.key} ${id} ${pid > 0}`));
    runtime.on('replicaEnd', (key, id) => events.push(`end ${key === rev.key} ${id}`));
    runtime.ensure(rev, 2);
    await waitForStatus(runtime, rev.key, (s) => s.ready === 2);
    const [a, b] = runtime.status(rev.key)!.replicas.map((r) => r.id);
    assert.deepEqual(events.sort(), [`start true ${a} true`, `start true ${b} true`].sort());
    await runtime.remove(rev.key);
    assert.deepEqual(
      events.filter((e) => e.startsWith('end')).sort(),
      [`end true ${a}`, `end true ${b}`].sort(),
    );
  });
});
