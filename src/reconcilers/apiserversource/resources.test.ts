import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../api/object.js';
import { resourceWatches, watchedNamespaces } from './resources.js';

const ns = (name: string, labels: Record<string, string> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const all = [
  ns('default'),
  ns('prod', { env: 'prod' }),
  ns('staging', { env: 'staging' }),
  ns('a-prod', { env: 'prod' }),
];

test('apiserversource resources - kinds to store resources, selectors to strings', () => {
  assert.deepEqual(
    resourceWatches([
      { apiVersion: 'serving.knative.dev/v1', kind: 'Service', selector: { matchLabels: { app: 'x' } } },
      { apiVersion: 'v1', kind: 'Namespace' },
    ]),
    {
      ok: true,
      value: [
        { resource: 'services.serving.knative.dev', namespaced: true, labelSelector: 'app=x' },
        { resource: 'namespaces', namespaced: false, labelSelector: '' },
      ],
    },
  );
  const unknown = resourceWatches([{ apiVersion: 'v1', kind: 'Pod' }]);
  assert.equal(!unknown.ok && unknown.reason, 'ResourceNotFound');
  assert.match(!unknown.ok ? unknown.message : '', /resources\[0\]: v1 Pod is not a kind Ebb serves/);
  const bad = resourceWatches([
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
    },
  ]);
  assert.equal(!bad.ok && bad.reason, 'InvalidSelector');
});

test('apiserversource resources - namespaces: own by default, by labels, all for an empty selector', () => {
  assert.deepEqual(watchedNamespaces(undefined, 'default', all), {
    ok: true,
    value: { all: false, names: ['default'] },
  });
  assert.deepEqual(watchedNamespaces({ matchLabels: { env: 'prod' } }, 'default', all), {
    ok: true,
    value: { all: false, names: ['a-prod', 'prod'] },
  });
  assert.deepEqual(watchedNamespaces({}, 'default', all), {
    ok: true,
    value: { all: true, names: ['a-prod', 'default', 'prod', 'staging'] },
  });
});
