/**
 * Runs the CESQL conformance kit (TCK) read at test time from /work/shared/data/cesql-tck (or
 * $CESQL_TCK_DIR); skipped with a message when the folder is missing. Every case must pass: its value,
 * and its error kind (parse errors are thrown by compileCesql, others are listed by evaluate).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { CesqlParseError, compileCesql } from './index.js';

const TCK_DIR = process.env.CESQL_TCK_DIR ?? '/work/shared/data/cesql-tck';

interface TckCase {
  name: string;
  expression: string;
  result?: boolean | number | string;
  error?: string;
  event?: Record<string, string | number | boolean>;
  eventOverrides?: Record<string, string | number | boolean>;
}

const DEFAULT_EVENT = { specversion: '1.0', id: 'tck-id', source: 'tck-source', type: 'tck.type' };

function runCase(c: TckCase): void {
  let compiled: ReturnType<typeof compileCesql>;
  try {
    compiled = compileCesql(c.expression);
  } catch (err) {
    assert.ok(err instanceof CesqlParseError, `unexpected throw: ${err}`);
    assert.equal(c.error, 'parse', `unexpected parse error: ${err.message}`);
    return;
  }
  assert.notEqual(c.error, 'parse', 'expected a parse error');
  const attributes = { ...(c.event ?? DEFAULT_EVENT), ...c.eventOverrides };
  const { value, errors } = compiled.evaluate({ attributes });
  if (c.result !== undefined) assert.strictEqual(value, c.result);
  if (c.error === undefined) {
    assert.deepEqual(
      errors.map((e) => e.message),
      [],
    );
  } else {
    assert.ok(errors.length > 0, `expected a ${c.error} error`);
    assert.deepEqual(
      errors.map((e) => e.kind),
      errors.map(() => c.error),
      errors.map((e) => e.message).join('; '),
    );
  }
  // As a filter the value is cast to Boolean (index.ts): "true" in any case, or a non-zero integer.
  const cast =
    value === true ||
    (typeof value === 'string' && /^true$/i.test(value)) ||
    (typeof value === 'number' && value !== 0);
  assert.equal(compiled.matches({ attributes }), cast && errors.length === 0);
}

if (!existsSync(TCK_DIR)) {
  test('cesql - TCK', { skip: `CESQL TCK not found at ${TCK_DIR}` }, () => {});
} else {
  const files = readdirSync(TCK_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  let total = 0;
  for (const file of files) {
    const text = readFileSync(join(TCK_DIR, file), 'utf8');
    const suite = parseYaml(text) as { name: string; tests: TckCase[] };
    // Expressions such as `TRUE` or `-10` would be typed by the core schema; read them as written.
    const raw = parseYaml(text, { schema: 'failsafe' }) as { tests: { expression: string }[] };
    total += suite.tests.length;
    describe(`cesql TCK - ${file}: ${suite.name}`, () => {
      suite.tests.forEach((c, i) => {
        const expression = raw.tests[i]!.expression;
        test(`${c.name}: ${expression}`, () => runCase({ ...c, expression }));
      });
    });
  }
  test('cesql TCK - kit has cases', () => assert.ok(total > 0, 'no TCK cases found'));
}
