import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../api/object.js';
import { REDACTED, redact, secretDataSizes } from './redact.js';

const secret: KObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's' },
  type: 'Opaque',
  data: { token: Buffer.from('hunter2').toString('base64'), other: 'YQ==' },
  stringData: { plain: 'visible' },
};

test('redact - replaces Secret data values and drops stringData, without touching the input', () => {
  const out = redact(secret);
  assert.deepEqual(out.data, { token: REDACTED, other: REDACTED });
  assert.equal(out.stringData, undefined);
  assert.equal(out.type, 'Opaque');
  assert.notEqual((secret.data as Record<string, string>).token, REDACTED);
  assert.ok(secret.stringData);
});

test('redact - leaves other kinds alone', () => {
  const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
  assert.equal(redact(cm), cm);
});

test('redact - secret data sizes are decoded byte counts, sorted by key', () => {
  assert.deepEqual(secretDataSizes(secret), [
    ['other', 1],
    ['token', 7],
  ]);
});
