import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../../api/object.js';
import { buildRuntimeRevision, type RuntimeSources } from './runtime-revision.js';

const rev = (container: Record<string, unknown>, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Revision',
  metadata: {
    name: 'hello-00002',
    namespace: 'default',
    labels: { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/configuration': 'hello' },
  },
  spec: { timeoutSeconds: 30, ...spec, containers: [container] },
});

const sources: RuntimeSources = {
  secret: (name) => (name === 'creds' ? { token: 's3cret' } : undefined),
  configMap: (name) => (name === 'settings' ? { level: 'debug', mode: 'fast' } : undefined),
  images: { images: 'example.com/hello: node hello.js' },
};

test('runtime revision - command, args, env with valueFrom and envFrom, K_* variables', () => {
  const out = buildRuntimeRevision(
    rev({
      command: ['node'],
      args: ['server.js', '--fast'],
      workingDir: 'app',
      envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CFG_' }],
      env: [
        { name: 'PLAIN', value: 'v' },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level' } } },
        { name: 'OPT', valueFrom: { secretKeyRef: { name: 'missing', key: 'x', optional: true } } },
      ],
      readinessProbe: { httpGet: { path: '/ready' } },
    }),
    sources,
  );
  assert.ok(out.ok);
  assert.deepEqual(out.revision.command, ['node', 'server.js', '--fast']);
  assert.equal(out.revision.workingDir, 'app');
  assert.deepEqual(out.revision.env, {
    CFG_level: 'debug',
    CFG_mode: 'fast',
    PLAIN: 'v',
    TOKEN: 's3cret',
    LEVEL: 'debug',
    K_SERVICE: 'hello',
    K_CONFIGURATION: 'hello',
    K_REVISION: 'hello-00002',
  });
  assert.equal(out.revision.key, 'default/hello-00002');
  assert.equal(out.revision.timeoutSeconds, 30);
  assert.deepEqual(out.revision.readinessProbe, { httpGet: { path: '/ready' } });
});

test('runtime revision - an image runs through the mapping; an unmapped image says how to map it', () => {
  const mapped = buildRuntimeRevision(rev({ image: 'example.com/hello:v2', args: ['--x'] }), sources);
  assert.ok(mapped.ok);
  assert.deepEqual(mapped.revision.command, ['node', 'hello.js', '--x']);
  const unmapped = buildRuntimeRevision(rev({ image: 'example.com/other:1' }), sources);
  assert.ok(!unmapped.ok);
  assert.equal(unmapped.reason, 'ContainerMissing');
  assert.match(unmapped.message, /example\.com\/other:1/);
  assert.match(unmapped.message, /config-ebb-images/);
});

test('runtime revision - missing Secrets and keys are CreateContainerConfigError', () => {
  const noSecret = buildRuntimeRevision(
    rev({ command: ['x'], env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }] }),
    sources,
  );
  assert.ok(!noSecret.ok);
  assert.equal(noSecret.reason, 'CreateContainerConfigError');
  assert.match(noSecret.message, /secret "nope" not found/);
  const noKey = buildRuntimeRevision(
    rev({
      command: ['x'],
      env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'creds', key: 'nokey' } } }],
    }),
    sources,
  );
  assert.ok(!noKey.ok);
  assert.match(noKey.message, /couldn't find key nokey in Secret default\/creds/);
});

test('runtime revision - a manifest command starts in the manifest folder; a mapped image where ebb up runs', () => {
  const fromFile = (container: Record<string, unknown>): KObject => {
    const r = rev(container);
    r.metadata.annotations = { 'ebb.dev/source-dir': '/home/u/hello' };
    return r;
  };
  const own = buildRuntimeRevision(fromFile({ command: ['node', 'server.mjs'], workingDir: 'web' }), sources);
  assert.ok(own.ok);
  assert.equal(own.revision.baseDir, '/home/u/hello');
  assert.equal(own.revision.workingDir, 'web', 'resolved by the runtime, against baseDir');
  const mapped = buildRuntimeRevision(fromFile({ image: 'example.com/hello' }), sources);
  assert.ok(mapped.ok);
  assert.equal(mapped.revision.baseDir, undefined, 'the image mapping belongs to ebb up, not the manifest');
  const stdin = buildRuntimeRevision(rev({ command: ['node', 'server.mjs'] }), sources);
  assert.ok(stdin.ok);
  assert.equal(stdin.revision.baseDir, undefined);
});

test('runtime revision - what SinkBindings inject goes over the container env, K_* variables still last', () => {
  const out = buildRuntimeRevision(
    rev({ command: ['node', 'emit.js'], env: [{ name: 'K_SINK', value: 'http://mine/' }] }),
    { ...sources, bindingEnv: { K_SINK: 'http://broker/', K_CE_OVERRIDES: '', K_REVISION: 'nope' } },
  );
  assert.ok(out.ok);
  assert.equal(out.revision.env.K_SINK, 'http://broker/');
  assert.equal(out.revision.env.K_CE_OVERRIDES, '');
  assert.equal(out.revision.env.K_REVISION, 'hello-00002');
});
