import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../api/object.js';
import { ApiError } from '../../errors.js';
import { applyConfiguration, fieldsOf, managedFieldsOf, parseApplyOptions } from './server-side-apply.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const req = (manager: string, force = false) => ({ manager, force, apiVersion: 'v1', now: NOW });
const cm = (data: Record<string, string>, labels?: Record<string, string>) =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'default', ...(labels ? { labels } : {}) },
    data,
  }) as unknown as KObject;

test('server-side apply - fields of a configuration: maps by key, lists and scalars whole, no identity', () => {
  assert.deepEqual(fieldsOf({ ...cm({ a: '1' }, { x: 'y' }), spec: { list: [1, 2] } }), {
    'f:metadata': { 'f:labels': { 'f:x': {} } },
    'f:data': { 'f:a': {} },
    'f:spec': { 'f:list': {} },
  });
});

test('server-side apply - creates, merges, and removes only the fields the manager stopped applying', () => {
  const created = applyConfiguration(undefined, cm({ a: '1', b: '2' }), req('alice'));
  assert.deepEqual(created.data, { a: '1', b: '2' });
  assert.deepEqual(
    managedFieldsOf(created).map((e) => [e.manager, e.operation, e.time]),
    [['alice', 'Apply', '2026-12-03T10:00:00Z']],
  );
  const live = { ...created, data: { ...created.data, byHand: 'kept' } } as KObject;
  const bob = applyConfiguration(live, cm({ c: '3' }), req('bob'));
  assert.deepEqual(bob.data, { a: '1', b: '2', byHand: 'kept', c: '3' });
  const again = applyConfiguration(bob, cm({ a: '1' }), req('alice'));
  assert.deepEqual(again.data, { a: '1', byHand: 'kept', c: '3' }, "b dropped by alice; c is bob's");
  assert.deepEqual(
    managedFieldsOf(again)
      .map((e) => e.manager)
      .sort(),
    ['alice', 'bob'],
  );
});

test('server-side apply - a field another applier owns with another value is a conflict unless forced', () => {
  const alice = applyConfiguration(undefined, cm({ a: '1' }), req('alice'));
  const same = applyConfiguration(alice, cm({ a: '1' }), req('bob'));
  assert.equal(
    (same.data as Record<string, string>).a,
    '1',
    'the same value is shared ownership, not a conflict',
  );
  assert.throws(
    () => applyConfiguration(alice, cm({ a: '2' }), req('bob')),
    (err: unknown) =>
      err instanceof ApiError &&
      err.status === 409 &&
      /Apply failed with 1 conflict: conflict with "alice" using v1: \.data\.a/.test(err.message) &&
      err.details?.causes?.[0]?.reason === 'FieldManagerConflict',
  );
  const forced = applyConfiguration(alice, cm({ a: '2' }), req('bob', true));
  assert.equal((forced.data as Record<string, string>).a, '2');
  assert.deepEqual(
    managedFieldsOf(forced).map((e) => e.manager),
    ['bob'],
    'alice lost her only field',
  );
});

test('server-side apply - fieldManager is required; force is a boolean', () => {
  assert.throws(() => parseApplyOptions(new URLSearchParams()), /fieldManager: Required value/);
  assert.throws(() => parseApplyOptions(new URLSearchParams('fieldManager=a&force=yes')), /force/);
  assert.deepEqual(parseApplyOptions(new URLSearchParams('fieldManager=a&force=true')), {
    manager: 'a',
    force: true,
  });
});
