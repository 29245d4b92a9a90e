import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuntimeRevision } from '../types.js';
import { baseEnv, replicaEnv } from './env.js';
import { Replica, type ReplicaHooks, type ReplicaState } from './replica.js';
import { scaleDownVictims, specFingerprint } from './revision-entry.js';

const rev: RuntimeRevision = {
  key: 'default/r-00001',
  namespace: 'default',
  name: 'r-00001',
  command: ['node', 'server.js'],
  env: { A: '1', B: '2' },
  timeoutSeconds: 300,
};

const hooks: ReplicaHooks = { onOutput() {}, onSpawn() {}, onStateChange() {}, onStable() {}, onEnd() {} };

/** A replica that is never started: only its state and ordinal matter here. */
function replica(seq: number, state: ReplicaState): Replica {
  const r = new Replica({
    id: `${rev.key}#${seq}`,
    seq,
    revision: rev,
    host: '127.0.0.1',
    stableAfterMs: 1,
    hooks,
  });
  r.state = state;
  return r;
}

describe('revision entry', () => {
  it('revision entry - scale-down removes not-ready replicas first, then the newest', () => {
    const replicas = [
      replica(1, 'ready'),
      replica(2, 'starting'),
      replica(3, 'ready'),
      replica(4, 'unready'),
      replica(5, 'stopping'),
    ];
    const ids = (n: number) => scaleDownVictims(replicas, n).map((r) => r.seq);
    assert.deepEqual(ids(1), [4]);
    assert.deepEqual(ids(2), [4, 2]);
    assert.deepEqual(ids(3), [4, 2, 3]);
    assert.deepEqual(ids(10), [4, 2, 3, 1], 'a replica already stopping is not picked again');
    assert.deepEqual(ids(0), []);
  });

  it('revision entry - only command, baseDir, workingDir, env and probes change the fingerprint', () => {
    const fp = specFingerprint(rev);
    assert.equal(specFingerprint({ ...rev, env: { B: '2', A: '1' } }), fp, 'env order does not matter');
    assert.equal(specFingerprint({ ...rev, timeoutSeconds: 10, terminationGracePeriodSeconds: 1 }), fp);
    assert.notEqual(specFingerprint({ ...rev, env: { A: '1', B: '3' } }), fp);
    assert.notEqual(specFingerprint({ ...rev, command: ['node', 'other.js'] }), fp);
    assert.notEqual(specFingerprint({ ...rev, workingDir: 'app' }), fp);
    assert.notEqual(specFingerprint({ ...rev, baseDir: '/srv/app' }), fp);
    assert.notEqual(specFingerprint({ ...rev, readinessProbe: { httpGet: { path: '/' } } }), fp);
    assert.notEqual(specFingerprint({ ...rev, livenessProbe: { tcpSocket: {} } }), fp);
  });

  it('env - passes PATH and HOME through, not the rest; the revision env and PORT go on top', () => {
    const base = baseEnv({ PATH: '/bin', HOME: '/home/u', NODE_OPTIONS: '--inspect', SECRET_TOKEN: 'x' });
    assert.deepEqual(base, { PATH: '/bin', HOME: '/home/u' });
    const env = replicaEnv({ FOO: 'bar', PORT: '1' }, 8123);
    assert.equal(env.FOO, 'bar');
    assert.equal(env.PORT, '8123', 'the runtime owns PORT');
    assert.equal(env.NODE_TEST_CONTEXT, undefined);
  });
});
