import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiServerSourceKind } from './api-server-source.js';

test("apiserversource - columns are the CRD's: SINK, AGE, READY, REASON", () => {
  assert.deepEqual(
    apiServerSourceKind.columns!.map((c) => c.header),
    ['SINK', 'AGE', 'READY', 'REASON'],
  );
});
