import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../../api/object.js';
import { ceOverridesEnv, sinkEnv } from './sink-env.js';
import { bindingsOf, selectorMatches, subjectKind, subjectNames } from './subject.js';

const ksvc = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };
const emitter = { kind: 'Service' as const, name: 'emitter', labels: { app: 'shop', tier: 'web' } };

test('sinkbinding subject - Services and Configurations are bindable, other kinds say why not', () => {
  assert.deepEqual(subjectKind(ksvc), { ok: true, kind: 'Service' });
  assert.deepEqual(subjectKind({ apiVersion: 'serving.knative.dev/v1', kind: 'Configuration' }), {
    ok: true,
    kind: 'Configuration',
  });
  const deployment = subjectKind({ apiVersion: 'apps/v1', kind: 'Deployment' });
  assert.equal(deployment.ok, false);
  assert.match((deployment as { message: string }).message, /apps\/v1 Deployment is not a kind it runs/);
});

test('sinkbinding subject - selectors match as metav1.LabelSelectorAsSelector does', () => {
  const labels = { app: 'shop', tier: 'web' };
  assert.ok(selectorMatches({}, labels), 'an empty selector matches everything');
  assert.ok(selectorMatches({ matchLabels: { app: 'shop' } }, labels));
  assert.ok(!selectorMatches({ matchLabels: { app: 'other' } }, labels));
  const expr = (operator: string, values?: string[]) => ({
    matchExpressions: [{ key: 'tier', operator, ...(values ? { values } : {}) }],
  });
  assert.ok(selectorMatches(expr('In', ['web', 'api']), labels));
  assert.ok(!selectorMatches(expr('NotIn', ['web']), labels));
  assert.ok(selectorMatches(expr('NotIn', ['web']), { app: 'shop' }), 'NotIn holds for a missing key');
  assert.ok(selectorMatches(expr('Exists'), labels));
  assert.ok(!selectorMatches(expr('DoesNotExist'), labels));
});

test('sinkbinding subject - by name or selector, of the same kind only', () => {
  assert.ok(subjectNames({ ...ksvc, name: 'emitter' }, emitter));
  assert.ok(!subjectNames({ ...ksvc, name: 'other' }, emitter));
  assert.ok(subjectNames({ ...ksvc, selector: { matchLabels: { app: 'shop' } } }, emitter));
  assert.ok(!subjectNames({ ...ksvc, kind: 'Configuration', name: 'emitter' }, emitter));
});

test('sinkbinding subject - several bindings of one object come oldest first, so the newest wins', () => {
  const binding = (name: string, at: string, subject: unknown): KObject => ({
    apiVersion: 'sources.knative.dev/v1',
    kind: 'SinkBinding',
    metadata: { name, namespace: 'default', creationTimestamp: at },
    spec: { subject },
  });
  const got = bindingsOf(
    [
      binding('newer', '2024-05-02T00:00:00Z', { ...ksvc, name: 'emitter' }),
      binding('unrelated', '2024-05-01T00:00:00Z', { ...ksvc, name: 'other' }),
      binding('older', '2024-05-01T00:00:00Z', { ...ksvc, selector: { matchLabels: { app: 'shop' } } }),
    ],
    [emitter],
  );
  assert.deepEqual(
    got.map((b) => b.metadata.name),
    ['older', 'newer'],
  );
});

test('sinkbinding env - K_SINK and K_CE_OVERRIDES as Knative writes them', () => {
  assert.deepEqual(sinkEnv('http://127.0.0.1:8080/default/default', undefined), {
    K_SINK: 'http://127.0.0.1:8080/default/default',
    K_CE_OVERRIDES: '',
  });
  assert.equal(ceOverridesEnv({ extensions: { b: '2', a: '1' } }), '{"extensions":{"a":"1","b":"2"}}');
  assert.equal(ceOverridesEnv({}), '{}');
  assert.equal(ceOverridesEnv({ extensions: {} }), '{}');
});
