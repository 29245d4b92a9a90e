import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMergePatch, jsonEqual } from './merge-patch.js';

describe('merge patch (RFC 7386)', () => {
  // The examples of RFC 7386 appendix A, and a few of ours.
  const cases: Array<[target: unknown, patch: unknown, want: unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    [
      { spec: { template: { spec: { containers: [{ image: 'a' }] } }, traffic: [{ percent: 100 }] } },
      { spec: { template: { metadata: { labels: { x: 'y' } } }, traffic: null } },
      { spec: { template: { spec: { containers: [{ image: 'a' }] }, metadata: { labels: { x: 'y' } } } } },
    ],
  ];
  cases.forEach(([target, patch, want], i) => {
    it(`case ${i + 1}: ${JSON.stringify(patch)}`, () => {
      const before = JSON.stringify(target);
      assert.deepEqual(applyMergePatch(target, patch), want);
      assert.equal(JSON.stringify(target), before, 'the target is not modified');
    });
  });

  it('does not let "__proto__" reach the prototype', () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<
      string,
      unknown
    >;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
    assert.deepEqual(Object.keys(result), ['__proto__']);
  });
});

describe('jsonEqual', () => {
  it('ignores key order, not array order', () => {
    assert.equal(jsonEqual({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }), true);
    assert.equal(jsonEqual({ a: [1, 2] }, { a: [2, 1] }), false);
  });

  it('treats undefined members as absent', () => {
    assert.equal(jsonEqual({ a: 1, b: undefined }, { a: 1 }), true);
    assert.equal(jsonEqual({ a: 1 }, { a: 1, b: null }), false);
  });

  it('tells scalars, arrays and objects apart', () => {
    assert.equal(jsonEqual([], {}), false);
    assert.equal(jsonEqual('1', 1), false);
    assert.equal(jsonEqual(null, {}), false);
  });
});
