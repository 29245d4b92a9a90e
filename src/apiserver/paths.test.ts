import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseResourcePath } from './paths.js';

test('paths - parses Kubernetes resource paths', () => {
  const cases: [string, ReturnType<typeof parseResourcePath>][] = [
    [
      '/apis/serving.knative.dev/v1/namespaces/default/services/hello',
      {
        group: 'serving.knative.dev',
        version: 'v1',
        namespace: 'default',
        plural: 'services',
        name: 'hello',
        subresource: undefined,
      },
    ],
    [
      '/apis/serving.knative.dev/v1/namespaces/default/services/hello/status',
      {
        group: 'serving.knative.dev',
        version: 'v1',
        namespace: 'default',
        plural: 'services',
        name: 'hello',
        subresource: 'status',
      },
    ],
    [
      '/apis/eventing.knative.dev/v1/brokers',
      {
        group: 'eventing.knative.dev',
        version: 'v1',
        namespace: undefined,
        plural: 'brokers',
        name: undefined,
        subresource: undefined,
      },
    ],
    [
      '/api/v1/namespaces/default/secrets',
      {
        group: '',
        version: 'v1',
        namespace: 'default',
        plural: 'secrets',
        name: undefined,
        subresource: undefined,
      },
    ],
    [
      '/api/v1/namespaces/default',
      {
        group: '',
        version: 'v1',
        namespace: undefined,
        plural: 'namespaces',
        name: 'default',
        subresource: undefined,
      },
    ],
    [
      '/api/v1/namespaces',
      {
        group: '',
        version: 'v1',
        namespace: undefined,
        plural: 'namespaces',
        name: undefined,
        subresource: undefined,
      },
    ],
    ['/apis/serving.knative.dev', undefined],
    ['/healthz', undefined],
    ['/apis/a/v1/namespaces/x/p/n/status/extra', undefined],
  ];
  for (const [path, want] of cases) assert.deepEqual(parseResourcePath(path), want, path);
});
