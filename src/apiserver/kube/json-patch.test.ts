import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../errors.js';
import { applyJsonPatch } from './json-patch.js';

test('json-patch - add, remove, replace, move, copy, test (RFC 6902)', () => {
  const doc = { metadata: { labels: { a: '1' } }, spec: { list: [1, 2, 3] } };
  const out = applyJsonPatch(doc, [
    { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
    { op: 'remove', path: '/metadata/labels/a' },
    { op: 'replace', path: '/spec/list/0', value: 9 },
    { op: 'add', path: '/spec/list/-', value: 4 },
    { op: 'copy', from: '/spec/list/3', path: '/spec/copied' },
    { op: 'move', from: '/spec/copied', path: '/spec/moved' },
    { op: 'test', path: '/spec/moved', value: 4 },
  ]);
  assert.deepEqual(out, { metadata: { labels: { 'b/c': '2' } }, spec: { list: [9, 2, 3, 4], moved: 4 } });
  assert.deepEqual(doc.metadata.labels, { a: '1' }, 'the target is not modified');
});

test('json-patch - a failing operation is a 422 naming it; a malformed patch is a 400', () => {
  const is = (status: number) => (err: unknown) => err instanceof ApiError && err.status === status;
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]), is(422));
  assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }]), is(422));
  assert.throws(() => applyJsonPatch({ a: [] }, [{ op: 'replace', path: '/a/3', value: 1 }]), is(422));
  assert.throws(() => applyJsonPatch({}, { op: 'add' }), is(400));
  assert.throws(() => applyJsonPatch({}, [{ op: 'add', path: '/x' }]), is(400));
});
