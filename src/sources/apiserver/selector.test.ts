import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileSelector, SelectorError, selectorString } from './selector.js';

test('apiserver selector - object form to the string form the store watches with', () => {
  assert.equal(selectorString(undefined), '');
  assert.equal(selectorString({}), '');
  const text = selectorString({
    matchLabels: { app: 'orders' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['web', 'api'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'team', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ],
  });
  assert.equal(text, 'app=orders,tier in (web,api),env notin (dev),team,!legacy');
  const s = compileSelector(text);
  assert.equal(s.matches({ app: 'orders', tier: 'api', team: 'x' }), true);
  assert.equal(s.matches({ app: 'orders', tier: 'api', team: 'x', legacy: 'y' }), false);
  assert.equal(s.matches({ app: 'orders', tier: 'db', team: 'x' }), false);
  assert.equal(s.matches({ app: 'orders', tier: 'web', team: 'x', env: 'dev' }), false);
});

test('apiserver selector - what Kubernetes refuses is a SelectorError', () => {
  assert.throws(
    () => selectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    SelectorError,
  );
  assert.throws(() => selectorString({ matchLabels: { 'bad key!': 'x' } }), SelectorError);
});
