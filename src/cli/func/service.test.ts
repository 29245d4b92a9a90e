import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerEnv, localEnv } from './env.js';
import type { FunctionProject } from './project.js';
import { routerTarget } from './router.js';
import { FUNC_DIGEST_ANNOTATION, functionService } from './service.js';

const project = (extra: Partial<FunctionProject> = {}): FunctionProject => ({
  dir: '/home/u/hello',
  name: 'hello',
  runtime: 'typescript',
  invoke: 'http',
  handler: 'src/index.ts',
  envs: [{ name: 'GREETING', value: 'Hi' }],
  annotations: { 'autoscaling.knative.dev/max-scale': '3', team: 'a' },
  ...extra,
});

test('func service - runs ebb func serve on the handler in the folder, with func probes and the digest', () => {
  const svc = functionService({
    project: project(),
    name: 'hello',
    namespace: 'default',
    digest: 'abc',
    env: [['GREETING', 'Hello']],
    annotations: [['note', 'x']],
  });
  assert.equal(svc.apiVersion, 'serving.knative.dev/v1');
  assert.equal(svc.kind, 'Service');
  assert.deepEqual(svc.metadata.labels, {
    'function.knative.dev/name': 'hello',
    'function.knative.dev/runtime': 'typescript',
  });
  assert.deepEqual(
    svc.metadata.annotations,
    { team: 'a', note: 'x', 'ebb.dev/source-dir': '/home/u/hello' },
    'autoscaling annotations only on the template',
  );
  const template = svc.spec.template;
  assert.deepEqual(template.metadata.annotations, {
    'autoscaling.knative.dev/max-scale': '3',
    team: 'a',
    note: 'x',
    [FUNC_DIGEST_ANNOTATION]: 'abc',
    'ebb.dev/source-dir': '/home/u/hello',
  });
  assert.deepEqual(template.spec.containers, [
    {
      image: 'ebb.dev/func/hello',
      command: ['ebb', 'func', 'serve', 'src/index.ts'],
      readinessProbe: { httpGet: { path: '/health/readiness' } },
      livenessProbe: { httpGet: { path: '/health/liveness' } },
      env: [{ name: 'GREETING', value: 'Hello' }],
    },
  ]);
  const imaged = functionService({
    project: project({ image: 'r.example/hello' }),
    name: 'h',
    namespace: 'n',
    digest: 'd',
  });
  assert.equal(imaged.spec.template.spec.containers[0].image, 'r.example/hello');
});

test('func env - func references become env and envFrom; {{ env:X }} is read locally', () => {
  const entries = [
    { name: 'PLAIN', value: 'v' },
    { name: 'LOCAL', value: '{{ env:HOME_DIR }}' },
    { name: 'PASSWORD', value: '{{ secret:db:password }}' },
    { name: 'LEVEL', value: '{{configMap:settings:level}}' },
    { value: '{{ secret:all }}' },
  ];
  const { env, envFrom } = containerEnv(entries, [['PLAIN', 'flag']], { HOME_DIR: '/home/u' });
  assert.deepEqual(env, [
    { name: 'PLAIN', value: 'flag' },
    { name: 'LOCAL', value: '/home/u' },
    { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level' } } },
  ]);
  assert.deepEqual(envFrom, [{ secretRef: { name: 'all' } }]);
  const local = localEnv(entries, { HOME_DIR: '/home/u' });
  assert.deepEqual(local.env, { PLAIN: 'v', LOCAL: '/home/u' });
  assert.equal(local.skipped.length, 3);
  assert.throws(() => containerEnv([{ name: 'X', value: '{{ env:UNSET }}' }], [], {}), /UNSET is not set/);
  assert.throws(
    () => containerEnv([{ name: 'X', value: '{{ vault:x }}' }], [], {}),
    /not a reference Ebb knows/,
  );
  assert.throws(() => containerEnv([{ name: 'X', value: '{{ secret:db }}' }], [], {}), /needs a key/);
});

test('func router - a *.localhost URL is reached on the API host at its port, by Host header', () => {
  assert.deepEqual(routerTarget('http://hello.default.localhost:8080', 'http://127.0.0.1:7070'), {
    url: 'http://127.0.0.1:8080/',
    host: 'hello.default.localhost:8080',
  });
  assert.deepEqual(routerTarget('http://h.ns.svc.cluster.local', 'http://[::1]:7070', 'greet'), {
    url: 'http://[::1]:80/greet',
    host: 'h.ns.svc.cluster.local',
  });
  assert.deepEqual(routerTarget('http://hello.example.com:9000', 'http://127.0.0.1:7070', '/x'), {
    url: 'http://hello.example.com:9000/x',
    host: 'hello.example.com:9000',
  });
});
