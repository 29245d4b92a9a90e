import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, scrubText, secretValues } from './scrub.js';

const secret = (data: Record<string, string>, stringData?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'default' },
  data,
  ...(stringData ? { stringData } : {}),
});

test('scrub - a Secret yields its base64 and decoded values and stringData; short ones are skipped', () => {
  const values = secretValues(
    secret({ a: Buffer.from('hunter2-xyz').toString('base64'), b: 'eA==' }, { c: 'plain-pw' }),
  );
  assert.ok(values.includes('hunter2-xyz'));
  assert.ok(values.includes(Buffer.from('hunter2-xyz').toString('base64')));
  assert.ok(values.includes('plain-pw'));
  assert.ok(!values.includes('x'));
});

test('scrub - replaces every occurrence, also JSON-escaped', () => {
  const v = 'pa"ss-word';
  const json = JSON.stringify({ line: `token=${v}`, again: v });
  const out = scrubText(json, [v]);
  assert.ok(!out.includes('ss-word'), out);
  assert.equal(out.split(REDACTED).length - 1, 2);
});
