import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, scrubValue, secretValues } from './scrub.js';

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

test('scrub - replaces every occurrence in every string, keys too', () => {
  const v = 'pa"ss-word';
  const out = scrubValue({ line: `token=${v}`, again: [v], [v]: 1 }, [v]) as Record<string, unknown>;
  const json = JSON.stringify(out);
  assert.ok(!json.includes('ss-word'), json);
  assert.equal(json.split(REDACTED).length - 1, 3);
});

test('scrub - a value that looks like a number or a boolean leaves the JSON valid', () => {
  const json = JSON.stringify(scrubValue({ offset: 12345, ok: true, text: 'id 12345' }, ['1234', 'true']));
  assert.deepEqual(JSON.parse(json), { offset: 12345, ok: true, text: `id ${REDACTED}5` });
});
