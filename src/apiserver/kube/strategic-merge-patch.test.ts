import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyStrategicMergePatch, listStrategies } from './strategic-merge-patch.js';

const sa = listStrategies('ServiceAccount');

test('strategic merge patch - maps merge, null deletes, unlisted lists are replaced', () => {
  const live = { data: { a: '1', b: '2' }, rules: [{ verbs: ['get'] }, { verbs: ['list'] }] };
  const out = applyStrategicMergePatch(
    live,
    { data: { a: null, c: '3' }, rules: [{ verbs: ['watch'] }] },
    sa,
  );
  assert.deepEqual(out, { data: { b: '2', c: '3' }, rules: [{ verbs: ['watch'] }] });
  assert.deepEqual(live.data, { a: '1', b: '2' }, 'the target is not modified');
});

test('strategic merge patch - merge-keyed lists merge by key, $patch: delete removes, order hints ignored', () => {
  const live = { secrets: [{ name: 'a' }, { name: 'b', namespace: 'x' }] };
  const patch = {
    '$setElementOrder/secrets': [{ name: 'b' }, { name: 'c' }],
    secrets: [{ name: 'a', $patch: 'delete' }, { name: 'b', namespace: 'y' }, { name: 'c' }],
  };
  assert.deepEqual(applyStrategicMergePatch(live, patch, sa), {
    secrets: [{ name: 'b', namespace: 'y' }, { name: 'c' }],
  });
});

test('strategic merge patch - finalizers merge as a set; $deleteFromPrimitiveList removes', () => {
  const live = { metadata: { finalizers: ['a', 'b'] } };
  const out = applyStrategicMergePatch(
    live,
    { metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
    sa,
  );
  assert.deepEqual(out, { metadata: { finalizers: ['b', 'c'] } });
});

test('strategic merge patch - $patch: replace on a map and a list; unknown directives are a 400', () => {
  const live = { data: { a: '1' }, secrets: [{ name: 'a' }] };
  const out = applyStrategicMergePatch(
    live,
    { data: { $patch: 'replace', b: '2' }, secrets: [{ $patch: 'replace' }, { name: 'z' }] },
    sa,
  );
  assert.deepEqual(out, { data: { b: '2' }, secrets: [{ name: 'z' }] });
  assert.throws(() => applyStrategicMergePatch(live, { data: { $patch: 'explode' } }, sa), /directive/);
  assert.throws(() => applyStrategicMergePatch(live, { $unknown: 1 }, sa), /directive/);
});
