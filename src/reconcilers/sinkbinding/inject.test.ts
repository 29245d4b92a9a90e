import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../api/object.js';
import { SqliteResourceStore } from '../../store/index.js';
import { bindingEnvForRevision, SINK_BINDINGS } from './inject.js';

const revision: KObject = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Revision',
  metadata: {
    name: 'emitter-00001',
    namespace: 'default',
    labels: { 'serving.knative.dev/service': 'emitter', 'serving.knative.dev/configuration': 'emitter' },
  },
};

function storeWith(...bindings: [name: string, subject: unknown, sinkUri?: string, ce?: unknown][]) {
  const store = SqliteResourceStore.open(':memory:');
  store.create('services.serving.knative.dev', {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'emitter', namespace: 'default', labels: { app: 'shop' } },
  });
  for (const [name, subject, sinkUri, ceOverrides] of bindings) {
    const created = store.create(SINK_BINDINGS, {
      apiVersion: 'sources.knative.dev/v1',
      kind: 'SinkBinding',
      metadata: { name, namespace: 'default' },
      spec: { subject, sink: { uri: 'http://x/' }, ...(ceOverrides ? { ceOverrides } : {}) },
    });
    const provided = sinkUri ? 'True' : 'False';
    store.update(
      SINK_BINDINGS,
      {
        ...created,
        status: { ...(sinkUri ? { sinkUri } : {}), conditions: [{ type: 'SinkProvided', status: provided }] },
      },
      { subresource: 'status', hasStatus: true },
    );
  }
  return store;
}
const ksvc = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };

test('sinkbinding inject - a binding of the Service gives its revisions K_SINK and K_CE_OVERRIDES', () => {
  const store = storeWith([
    'b',
    { ...ksvc, name: 'emitter' },
    'http://sink/',
    { extensions: { bound: 'yes' } },
  ]);
  assert.deepEqual(bindingEnvForRevision(store, revision), {
    K_SINK: 'http://sink/',
    K_CE_OVERRIDES: '{"extensions":{"bound":"yes"}}',
  });
  store.close();
});

test('sinkbinding inject - a Configuration subject and a label selector on the Service bind too', () => {
  const byConfig = storeWith([
    'b',
    { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'emitter' },
    'http://c/',
  ]);
  assert.equal(bindingEnvForRevision(byConfig, revision).K_SINK, 'http://c/');
  byConfig.close();
  const bySelector = storeWith(['b', { ...ksvc, selector: { matchLabels: { app: 'shop' } } }, 'http://s/']);
  assert.equal(bindingEnvForRevision(bySelector, revision).K_SINK, 'http://s/');
  bySelector.close();
});

test('sinkbinding inject - nothing from a binding whose sink has not resolved, or of another subject', () => {
  const store = storeWith(
    ['unresolved', { ...ksvc, name: 'emitter' }],
    ['other', { ...ksvc, name: 'x' }, 'http://o/'],
  );
  assert.deepEqual(bindingEnvForRevision(store, revision), {});
  store.close();
});
