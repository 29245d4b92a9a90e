import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiServerEvent, apiServerEventTypes, guessPlural, selfLink, uuidV5 } from './events.js';

test('apiserver events - plurals and selfLinks as Knative guesses them', () => {
  assert.deepEqual(['Service', 'Ingress', 'Policy', 'Endpoints', 'PingSource', 'Broker'].map(guessPlural), [
    'services',
    'ingresses',
    'policies',
    'endpoints',
    'pingsources',
    'brokers',
  ]);
  assert.equal(
    selfLink('serving.knative.dev/v1', 'Service', 'default', 'hello'),
    '/apis/serving.knative.dev/v1/namespaces/default/services/hello',
  );
  assert.equal(selfLink('v1', 'ConfigMap', 'default', 'cfg'), '/apis/v1/namespaces/default/configmaps/cfg');
  assert.equal(
    selfLink('serving.knative.dev', 'Route', 'a', 'b'),
    '/apis/serving.knative.dev/versionUnknown/namespaces/a/routes/b',
  );
});

test('apiserver events - UUIDv5 as RFC 9562 computes it', () => {
  assert.equal(
    uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'),
    '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  );
  assert.match(
    uuidV5('not-a-uuid', 'x'),
    /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});

const ksvc = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name: 'hello', namespace: 'default', uid: 'u1', resourceVersion: '7', labels: { app: 'a' } },
  spec: { template: {} },
};

test('apiserver events - Reference mode carries an ObjectReference', () => {
  const e = apiServerEvent({
    change: 'MODIFIED',
    object: ksvc,
    mode: 'Reference',
    source: 'http://127.0.0.1:7070',
    id: 'id-1',
    time: new Date('2024-01-01T00:00:00Z'),
  });
  assert.deepEqual(e.attributes, {
    specversion: '1.0',
    id: 'id-1',
    source: 'http://127.0.0.1:7070',
    type: 'dev.knative.apiserver.ref.update',
    subject: '/apis/serving.knative.dev/v1/namespaces/default/services/hello',
    time: '2024-01-01T00:00:00.000Z',
    datacontenttype: 'application/json',
    kind: 'Service',
    apiversion: 'serving.knative.dev/v1',
    name: 'hello',
    namespace: 'default',
  });
  assert.equal(
    e.data?.toString(),
    '{"kind":"Service","namespace":"default","name":"hello","apiVersion":"serving.knative.dev/v1"}',
  );
});

test('apiserver events - Resource mode carries the object', () => {
  const e = apiServerEvent({
    change: 'DELETED',
    object: ksvc,
    mode: 'Resource',
    source: 's',
    id: 'i',
    time: new Date(),
  });
  assert.equal(e.attributes.type, 'dev.knative.apiserver.resource.delete');
  assert.deepEqual(JSON.parse(e.data!.toString()), ksvc);
  assert.deepEqual(apiServerEventTypes('Resource'), [
    'dev.knative.apiserver.resource.add',
    'dev.knative.apiserver.resource.update',
    'dev.knative.apiserver.resource.delete',
  ]);
});
