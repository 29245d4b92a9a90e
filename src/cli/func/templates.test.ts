import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { readProject } from './project.js';
import { checkFunctionName, runtimeOf, TEMPLATES_DIR, templateOf, writeScaffold } from './templates.js';

const root = mkdtempSync(join(tmpdir(), 'ebb-func-templates-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('func templates - each scaffold is a func project with a runnable npm test', () => {
  assert.ok(existsSync(TEMPLATES_DIR), `templates at ${TEMPLATES_DIR}`);
  const cases = [
    ['typescript', 'http', 'src/index.ts', 'http'],
    ['typescript', 'cloudevents', 'src/index.ts', 'cloudevent'],
    ['node', 'http', 'index.js', 'http'],
    ['node', 'cloudevents', 'index.js', 'cloudevent'],
  ] as const;
  for (const [runtime, template, handler, invoke] of cases) {
    const name = `fn-${runtime}-${template}`;
    const dir = join(root, name);
    const files = writeScaffold(dir, { name, runtime, template, created: new Date('2026-01-02T03:04:05Z') });
    for (const f of ['func.yaml', 'package.json', 'README.md', '.gitignore', handler, 'test/index.test.mjs'])
      assert.ok(files.includes(f), `${name} has ${f}`);
    const yaml = parse(readFileSync(join(dir, 'func.yaml'), 'utf8'));
    assert.deepEqual(
      { ...yaml },
      { specVersion: '0.36.0', name, runtime, created: '2026-01-02T03:04:05.000Z', invoke },
    );
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.name, name);
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.scripts.test, 'node --test test/index.test.mjs');
    const project = readProject(dir);
    assert.equal(project.handler, handler);
    assert.equal(project.invoke, invoke);
    for (const f of files)
      assert.doesNotMatch(readFileSync(join(dir, f), 'utf8'), /\{\{(name|created|language|handler)\}\}/);
  }
});

test('func templates - language, template and name are checked with the fix in the message', () => {
  assert.equal(runtimeOf('javascript'), 'node');
  assert.equal(runtimeOf('TS'), 'typescript');
  assert.throws(() => runtimeOf('go'), /unknown --language "go": use typescript or javascript/);
  assert.equal(templateOf('cloudevent'), 'cloudevents');
  assert.throws(() => templateOf('grpc'), /use http or cloudevents/);
  checkFunctionName('hello-ts');
  assert.throws(() => checkFunctionName('Hello_World'), /lowercase letters, digits and '-'/);
  assert.throws(() => checkFunctionName('1st'), /starting with a letter/);
});
