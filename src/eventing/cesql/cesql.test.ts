import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventRecord } from '../types.js';
import { CesqlError, CesqlParseError, compileCesql } from './index.js';

const EVENT = { attributes: { specversion: '1.0', id: 'e1', source: '/orders/42', type: 'order.created' } };

const run = (expression: string, attributes: Record<string, string | number | boolean> = EVENT.attributes) =>
  compileCesql(expression).evaluate({ attributes });
const value = (expression: string, attributes?: Record<string, string | number | boolean>) => {
  const r = run(expression, attributes);
  assert.deepEqual(r.errors, [], `${expression}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.value;
};
const kinds = (expression: string) => run(expression).errors.map((e) => e.kind);

function parseError(expression: string): CesqlParseError {
  try {
    compileCesql(expression);
  } catch (err) {
    assert.ok(err instanceof CesqlParseError);
    return err;
  }
  assert.fail(`expected a parse error for ${expression}`);
}

test('cesql - arithmetic precedence and left associativity', () => {
  assert.equal(value('2 + 3 * 4'), 14);
  assert.equal(value('10 - 4 - 3'), 3);
  assert.equal(value('20 / 5 / 2'), 2);
  assert.equal(value('-7 / 2'), -3);
  assert.equal(value('-7 % 3'), -1);
  assert.equal(value('7 % -3'), 1);
  assert.equal(value('1 + 2 = 3'), true);
});

test('cesql - logic operators share one level, left to right (spec §3.6)', () => {
  // (TRUE OR TRUE) AND FALSE, not TRUE OR (TRUE AND FALSE)
  assert.equal(value('TRUE OR TRUE AND FALSE'), false);
  assert.equal(value('FALSE AND FALSE OR TRUE'), true);
  assert.equal(value('TRUE XOR TRUE OR TRUE'), true);
});

test('cesql - unary operators bind tighter than everything else', () => {
  assert.equal(value("NOT FALSE = 'true'"), true);
  assert.equal(value('-2 * 3'), -6);
  assert.equal(value("NOT type LIKE 'x%'", { ...EVENT.attributes, type: 'false' }), false);
  assert.equal(value('NOT EXISTS subject AND EXISTS id'), true);
});

test('cesql - LIKE escapes and wildcards', () => {
  assert.equal(value("'50%' LIKE '50\\%'"), true);
  assert.equal(value("'500' LIKE '50\\%'"), false);
  assert.equal(value("'a_c' LIKE 'a\\_c'"), true);
  assert.equal(value("'abc' LIKE 'a\\_c'"), false);
  assert.equal(value("'a\\b' LIKE 'a\\\\b'"), true);
  assert.equal(value("'a.c' LIKE 'a.c'"), true);
  assert.equal(value("'abc' LIKE 'a.c'"), false);
  assert.equal(value("'x(y)*' LIKE 'x(_)%'"), true);
  assert.equal(value("'line\nbreak' LIKE 'line%'"), true);
  assert.equal(value("'😀' LIKE '_'"), true);
  assert.equal(value("'' LIKE '%'"), true);
  assert.equal(value("'abc' LIKE '%b%'"), true);
  assert.equal(value("source LIKE '/orders/%'"), true);
});

test('cesql - string literals: escaped and doubled quotes', () => {
  assert.equal(value("'it''s'"), "it's");
  assert.equal(value('"say ""hi"""'), 'say "hi"');
  assert.equal(value("'a\\'b'"), "a'b");
});

test('cesql - integer overflow is a math error with 0', () => {
  assert.deepEqual(run('2147483647 + 1'), { value: 0, errors: run('2147483647 + 1').errors });
  assert.deepEqual(kinds('2147483647 + 1'), ['math']);
  assert.deepEqual(kinds('-2147483648 - 1'), ['math']);
  assert.deepEqual(kinds('65536 * 65536'), ['math']);
  assert.deepEqual(kinds('-2147483648 / -1'), ['math']);
  assert.deepEqual(kinds('-(-2147483648)'), ['math']);
  assert.equal(value('-2147483648'), -2147483648);
  assert.equal(value('-2147483648 % -1'), 0);
  assert.equal(parseError('2147483648').position, 0);
});

test('cesql - parse errors carry the 0-based position', () => {
  const e = parseError("type = 'a' AND (id = 'b'))");
  assert.equal(e.position, 25);
  assert.equal(e.message, "parse error at position 25: unexpected token ')'");
  assert.equal(e.kind, 'parse');
  assert.equal(e.code, 'EBB_CESQL_PARSE');
  assert.ok(e instanceof CesqlError);
  assert.equal(parseError('ABC(').message, 'parse error at position 4: unexpected end of expression');
  assert.equal(parseError("type = 'open").position, 7);
  assert.equal(parseError('x LIKE 123').position, 7);
  assert.equal(parseError('EXISTS 1').position, 7);
  assert.equal(parseError('a # b').position, 2);
  assert.equal(parseError('a NOT b').position, 6);
  assert.equal(parseError('x IN ()').position, 6);
  assert.equal(parseError('').position, 0);
  assert.equal(parseError('my_ext = 1').position, 0);
});

test('cesql - keywords, functions and attribute names are case-insensitive', () => {
  assert.equal(value("TYPE = 'order.created' and Source like '/orders/%'"), true);
  assert.equal(value("lower('AbC') = 'abc'"), true);
});

test('cesql - EventRecord attributes are strings; typed extensions keep their type', () => {
  assert.equal(value('priority > 5', { ...EVENT.attributes, priority: '7' }), true);
  assert.equal(value("priority = '007'", { ...EVENT.attributes, priority: '007' }), true);
  assert.equal(value('priority = 7', { ...EVENT.attributes, priority: '007' }), true);
  assert.equal(value('flag = TRUE', { ...EVENT.attributes, flag: true }), true);
  assert.equal(value('n + 1', { ...EVENT.attributes, n: 41 }), 42);
});

test('cesql - attributes are own properties only', () => {
  assert.deepEqual(kinds('constructor'), ['missingAttribute']);
  assert.equal(value('EXISTS tostring'), false);
});

test('cesql - functions: dispatch, casts and errors', () => {
  assert.equal(value("IS_INT('12') AND NOT IS_INT('1.5') AND IS_BOOL('False')"), true);
  assert.equal(value("CONCAT_WS('-', 1, TRUE, 'x')"), '1-true-x');
  assert.equal(value("LENGTH('😀a')"), 2);
  assert.equal(value("SUBSTRING('😀abc', 2, 2)"), 'ab');
  assert.deepEqual(kinds('NOPE(1)'), ['missingFunction']);
  assert.deepEqual(kinds("LENGTH('a', 'b')"), ['missingFunction']);
  assert.deepEqual(kinds("INT('99999999999')"), ['cast']);
  assert.deepEqual(kinds('LENGTH(missing)'), ['missingAttribute']);
  assert.equal(run('LENGTH(missing)').value, 0);
});

test('cesql - an operand error short-circuits its operator to the zero value', () => {
  assert.deepEqual(run('missing + (1 / 0)').errors.length, 1);
  assert.equal(run("type IN (missing, 'order.created')").value, false);
  assert.equal(run("missing NOT IN ('a')").value, false);
});

test('cesql - matches: the value cast to Boolean, without errors, as Knative filters', () => {
  assert.equal(compileCesql("type = 'order.created'").matches(EVENT), true);
  assert.equal(compileCesql("type = 'other'").matches(EVENT), false);
  assert.equal(compileCesql("'true'").matches(EVENT), true);
  assert.equal(compileCesql('1').matches(EVENT), true);
  assert.equal(compileCesql('0').matches(EVENT), false);
  assert.equal(compileCesql("'yes'").matches(EVENT), false, 'a failed cast is no match');
  assert.equal(compileCesql('missing = 1 OR TRUE').matches(EVENT), false);
  assert.equal(compileCesql('TRUE OR missing = 1').matches(EVENT), true);
  assert.equal(compileCesql('NOT 10').matches(EVENT), false);
  const expr = compileCesql("subject = 'x'");
  assert.equal(expr.matches(EVENT), false);
  assert.equal(expr.matches({ attributes: { ...EVENT.attributes, subject: 'x' } }), true);
  assert.deepEqual(expr.evaluate(EVENT).errors.length, 1);
  assert.deepEqual(expr.evaluate({ attributes: { subject: 'x' } }), { value: true, errors: [] });
});

test('cesql - matches: a binary-mode extension (a string) works as a boolean filter', () => {
  const mybool = compileCesql('mybool');
  const withValue = (v: string) => ({ attributes: { ...EVENT.attributes, mybool: v } });
  assert.equal(mybool.matches(withValue('true')), true);
  assert.equal(mybool.matches(withValue('TRUE')), true);
  assert.equal(mybool.matches(withValue('false')), false);
  assert.equal(mybool.matches(withValue('yes')), false);
  assert.equal(mybool.matches(EVENT), false, 'absent: an error, no match');
  assert.equal(mybool.matches({ attributes: { ...EVENT.attributes, mybool: true } }), true);
});

test('cesql - evaluates an EventRecord as is', () => {
  const record: EventRecord = { attributes: { ...EVENT.attributes, priority: '9' }, data: Buffer.from('{}') };
  assert.equal(compileCesql('EXISTS priority AND INT(priority) > 5').matches(record), true);
});
