import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../api/object.js';
import { ApiError } from '../../errors.js';
import { SqliteResourceStore } from '../../store/index.js';
import { dryRunWrites, isDryRun } from './dry-run.js';

const cm = (name: string, data: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', ...extra },
    data,
  }) as KObject;
const status = (code: number) => (err: unknown) => err instanceof ApiError && err.status === code;

test('dry-run - only "All" is a dry run; other values are a 400', () => {
  assert.equal(isDryRun([]), false);
  assert.equal(isDryRun(['All']), true);
  assert.throws(() => isDryRun(['true']), status(400));
  assert.throws(() => isDryRun(['All', '']), status(400));
});

test('dry-run - create, update and delete answer as the store would and store nothing', () => {
  const store = SqliteResourceStore.open(':memory:');
  const dry = dryRunWrites(store);
  const rv = store.currentResourceVersion();
  const created = dry.create('configmaps', cm('a', { k: 'v' }));
  assert.equal(created.metadata.name, 'a');
  assert.equal(created.metadata.generation, 1);
  assert.ok(created.metadata.uid && created.metadata.creationTimestamp);
  assert.equal(created.metadata.resourceVersion, undefined);
  assert.equal(store.get({ resource: 'configmaps', namespace: 'default', name: 'a' }), undefined);
  assert.match(dry.create('configmaps', cm('', {}, { generateName: 'gen-' })).metadata.name!, /^gen-\w{5}$/);

  const stored = store.create('configmaps', cm('b', { k: 'v' }));
  const after = store.currentResourceVersion();
  assert.throws(() => dry.create('configmaps', cm('b')), status(409));
  const updated = dry.update('configmaps', { ...stored, data: { k: 'w' } });
  assert.deepEqual(updated.data, { k: 'w' });
  assert.equal(updated.metadata.uid, stored.metadata.uid);
  assert.throws(
    () => dry.update('configmaps', { ...stored, metadata: { ...stored.metadata, resourceVersion: '999' } }),
    status(409),
  );
  assert.throws(() => dry.update('configmaps', cm('nope')), status(404));
  assert.deepEqual(dry.delete({ resource: 'configmaps', namespace: 'default', name: 'b' }), stored);
  assert.throws(
    () => dry.delete({ resource: 'configmaps', namespace: 'default', name: 'nope' }),
    status(404),
  );
  assert.deepEqual(store.get({ resource: 'configmaps', namespace: 'default', name: 'b' })?.data, { k: 'v' });
  assert.equal(store.currentResourceVersion(), after);
  assert.notEqual(rv, after);
  store.close();
});
