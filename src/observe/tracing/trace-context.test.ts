/** W3C traceparent validation and fresh ids. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatTraceparent,
  isValidTraceparent,
  newTraceparent,
  parseTraceparent,
  traceIdOf,
} from './trace-context.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context', () => {
  it('traceparent - accepts version 00 and future versions, refuses what the spec refuses', () => {
    assert.ok(isValidTraceparent(VALID));
    assert.ok(isValidTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra'));
    for (const bad of [
      undefined,
      '',
      VALID.toUpperCase(),
      `${VALID}-x`,
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g',
      '00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x',
    ]) {
      assert.equal(isValidTraceparent(bad), false, String(bad));
    }
  });

  it('traceparent - parses and formats back', () => {
    const p = parseTraceparent(VALID)!;
    assert.deepEqual(p, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: 1,
    });
    assert.equal(formatTraceparent(p.traceId, p.spanId, p.flags), VALID);
    assert.equal(traceIdOf(VALID), p.traceId);
    assert.equal(traceIdOf('nope'), undefined);
  });

  it('traceparent - new roots are valid and distinct', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const tp = newTraceparent(i % 2 === 0);
      assert.ok(isValidTraceparent(tp), tp);
      assert.ok(tp.endsWith(i % 2 === 0 ? '-01' : '-00'));
      seen.add(tp);
    }
    assert.equal(seen.size, 1_000);
  });
});
