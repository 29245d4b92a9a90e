import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONFIGMAP } from '../../api/core/index.js';
import type { KObject } from '../../api/object.js';
import { SERVICE } from '../../api/serving/index.js';
import { ApiError } from '../../errors.js';
import { tableRequest, toTable } from './table.js';

const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

test('table - negotiated from Accept; plain JSON otherwise; includeObject checked', () => {
  const q = new URLSearchParams();
  assert.deepEqual(tableRequest(TABLE, q), { version: 'v1', includeObject: 'Metadata' });
  assert.equal(tableRequest('application/json', q), undefined);
  assert.equal(tableRequest(undefined, q), undefined);
  assert.equal(tableRequest('text/html,*/*;q=0.8', q), undefined);
  assert.equal(tableRequest(TABLE, new URLSearchParams('includeObject=Object'))?.includeObject, 'Object');
  assert.throws(() => tableRequest(TABLE, new URLSearchParams('includeObject=All')), /includeObject/);
  assert.throws(
    () => tableRequest('application/json;as=Table;v=v2;g=meta.k8s.io', q),
    (err: unknown) => err instanceof ApiError && err.status === 406,
  );
});

const NOW = Date.parse('2026-12-03T10:00:00Z');
const ksvc = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: {
    name: 'hello',
    namespace: 'default',
    creationTimestamp: '2026-12-03T09:55:00Z',
    labels: { a: 'b' },
  },
  spec: {},
  status: { url: 'http://hello.default.localhost', conditions: [{ type: 'Ready', status: 'True' }] },
} as unknown as KObject;

test('table - a Knative kind prints NAME then its CRD columns (no AGE the CRD does not have)', () => {
  const table = toTable(
    SERVICE,
    [ksvc],
    { version: 'v1', includeObject: 'Metadata' },
    { resourceVersion: '7' },
    NOW,
  ) as any;
  assert.equal(table.kind, 'Table');
  assert.equal(table.apiVersion, 'meta.k8s.io/v1');
  assert.deepEqual(table.metadata, { resourceVersion: '7' });
  assert.deepEqual(
    table.columnDefinitions.map((c: any) => c.name.toUpperCase()),
    ['NAME', 'URL', 'LATESTCREATED', 'LATESTREADY', 'READY', 'REASON'],
  );
  assert.equal(table.rows[0].cells[0], 'hello');
  assert.equal(table.rows[0].cells[1], 'http://hello.default.localhost');
  assert.equal(table.rows[0].object.kind, 'PartialObjectMetadata');
  assert.deepEqual(table.rows[0].object.metadata.labels, { a: 'b' });
  const bare = toTable(SERVICE, [ksvc], { version: 'v1', includeObject: 'None' }) as any;
  assert.equal(bare.rows[0].object, undefined);
});

test('table - a built-in kind ends with AGE, as kube-apiserver prints it', () => {
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', creationTimestamp: '2026-12-03T09:55:00Z' },
    data: { a: '1' },
  } as unknown as KObject;
  const table = toTable(CONFIGMAP, [cm], { version: 'v1', includeObject: 'Object' }, {}, NOW) as any;
  assert.deepEqual(
    table.columnDefinitions.map((c: any) => c.name.toUpperCase()),
    ['NAME', 'DATA', 'AGE'],
  );
  assert.deepEqual(table.rows[0].cells, ['c', '1', '5m']);
  assert.equal(table.rows[0].object.kind, 'ConfigMap');
});
