import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../api/object.js';
import { ApiError } from '../../errors.js';
import { parseFieldSelector } from './field-selector.js';

const obj = (name: string, namespace = 'default') =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } }) as KObject;

test('field-selector - name and namespace with =, == and !=, comma-joined', () => {
  assert.ok(parseFieldSelector('metadata.name=a').matches(obj('a')));
  assert.ok(!parseFieldSelector('metadata.name=a').matches(obj('b')));
  assert.ok(parseFieldSelector('metadata.name==a').matches(obj('a')));
  assert.ok(parseFieldSelector('metadata.name!=a').matches(obj('b')));
  const both = parseFieldSelector('metadata.name=a,metadata.namespace!=kube-system');
  assert.ok(both.matches(obj('a')));
  assert.ok(!both.matches(obj('a', 'kube-system')));
  assert.equal(both.requirements.length, 2);
});

test('field-selector - empty selects everything; escapes in values', () => {
  assert.ok(parseFieldSelector(undefined).empty);
  assert.ok(parseFieldSelector('').matches(obj('x')));
  assert.ok(parseFieldSelector('metadata.name=a\\,b').matches(obj('a,b')));
});

test('field-selector - an unsupported field is a 400 naming it, never ignored', () => {
  for (const text of ['spec.foo=1', 'status.phase!=Running', 'metadata.name', 'metadata.name=a=b']) {
    assert.throws(
      () => parseFieldSelector(text),
      (err: unknown) => err instanceof ApiError && err.status === 400,
      text,
    );
  }
  assert.throws(() => parseFieldSelector('spec.foo=1'), /field label not supported: spec\.foo/);
});
