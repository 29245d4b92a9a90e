import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64Error } from './base64.js';
import { shortDiff } from './diff.js';
import { formatGoDuration, parseGoDuration } from './duration.js';
import { validateObjectMeta } from './metadata.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  nameIsDNSSubdomain,
} from './names.js';
import { parseFloatStrict, parseInt32 } from './numbers.js';

describe('names', () => {
  it('names - DNS-1123 subdomain uses Kubernetes wording', () => {
    assert.deepEqual(isDNS1123Subdomain('order-service.v2'), []);
    const [msg] = isDNS1123Subdomain('My_Svc');
    assert.equal(
      msg,
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  it('names - DNS-1123 label rejects dots and length over 63', () => {
    assert.equal(isDNS1123Label('a.b').length, 1);
    assert.deepEqual(isDNS1123Label('a'.repeat(64))[0], 'must be no more than 63 characters');
    assert.match(isDNS1123Label('-a')[0]!, /\(e\.g\. 'my-name', {2}or '123-abc', regex/);
  });

  it('names - qualified names and env var names', () => {
    assert.deepEqual(isQualifiedName('autoscaling.knative.dev/minScale'), []);
    assert.match(isQualifiedName('a/b/c')[0]!, /^a qualified name must consist/);
    assert.match(isQualifiedName('/x')[0]!, /^prefix part must be non-empty/);
    assert.deepEqual(isEnvVarName('OTS_TEST_ENDPOINT'), []);
    assert.match(isEnvVarName('1ABC')[0]!, /must not start with a digit/);
  });

  it('names - generateName may end with a dash', () => {
    assert.deepEqual(nameIsDNSSubdomain('order-', true), []);
    assert.notDeepEqual(nameIsDNSSubdomain('order-', false), []);
  });
});

describe('metadata', () => {
  const rules = { namespaced: true, nameValidator: nameIsDNSSubdomain };
  it('metadata - requires name or generateName', () => {
    const causes = validateObjectMeta({ namespace: 'default' }, rules).causes();
    assert.deepEqual(
      causes.map((c) => [c.field, c.message]),
      [['name', 'name or generateName is required']],
    );
  });
  it('metadata - checks label keys and values, annotation keys', () => {
    const causes = validateObjectMeta(
      {
        name: 'x',
        namespace: 'default',
        labels: { 'bad key!': 'v', ok: 'bad value!' },
        annotations: { '-x': 'y' },
      },
      rules,
    ).causes();
    assert.deepEqual(
      causes.map((c) => c.field),
      ['labels[bad key!]', 'labels[ok]', 'annotations[-x]'],
    );
  });
  it('metadata - namespace forbidden on cluster-scoped kinds', () => {
    const [cause] = validateObjectMeta(
      { name: 'x', namespace: 'default' },
      { ...rules, namespaced: false },
    ).causes();
    assert.equal(cause?.field, 'namespace');
    assert.equal(cause?.message, 'not allowed on this type');
  });
});

describe('duration', () => {
  it('duration - parses Go durations to milliseconds', () => {
    assert.equal(parseGoDuration('6s'), 6000);
    assert.equal(parseGoDuration('1h'), 3_600_000);
    assert.equal(parseGoDuration('1m30s'), 90_000);
    assert.equal(parseGoDuration('1.5s'), 1500);
    assert.equal(parseGoDuration('500ms'), 500);
    assert.equal(parseGoDuration('-1s'), -1000);
    assert.equal(parseGoDuration('0'), 0);
    for (const bad of ['', '6', 's', '1x', '1.s.', 'abc', '1 s'])
      assert.equal(parseGoDuration(bad), undefined, bad);
  });
  it('duration - formats like Duration.String()', () => {
    assert.equal(formatGoDuration(0), '0s');
    assert.equal(formatGoDuration(6000), '6s');
    assert.equal(formatGoDuration(3_600_000), '1h0m0s');
    assert.equal(formatGoDuration(90_000), '1m30s');
    assert.equal(formatGoDuration(1500), '1.5s');
    assert.equal(formatGoDuration(1.5), '1.5ms');
  });
});

describe('numbers and base64', () => {
  it('numbers - parseInt32 follows strconv', () => {
    assert.deepEqual(parseInt32('10'), { ok: true, value: 10 });
    assert.deepEqual(parseInt32('abc'), { ok: false, reason: 'syntax' });
    assert.deepEqual(parseInt32('1.0'), { ok: false, reason: 'syntax' });
    assert.deepEqual(parseInt32('3000000000'), { ok: false, reason: 'range' });
    assert.equal(parseFloatStrict('0.5'), 0.5);
    assert.equal(parseFloatStrict('x'), undefined);
  });
  it('base64 - reports the byte offset as Go does', () => {
    assert.equal(base64Error('eHh4'), undefined);
    assert.equal(base64Error('eA=='), undefined);
    assert.equal(base64Error(''), undefined);
    assert.equal(base64Error('xxx'), 'illegal base64 data at input byte 0');
    assert.equal(base64Error('eHh4e'), 'illegal base64 data at input byte 4');
    assert.equal(base64Error('eH!4'), 'illegal base64 data at input byte 2');
    assert.equal(base64Error('eA='), 'illegal base64 data at input byte 3');
    assert.equal(base64Error('eA==eA=='), 'illegal base64 data at input byte 4');
  });
  it('diff - lists changed leaves', () => {
    assert.equal(shortDiff({ a: 1, b: [1] }, { a: 1, b: [1] }), '');
    assert.equal(shortDiff({ a: 1 }, { a: 2 }), '-: a: 1\n+: a: 2');
  });
});
