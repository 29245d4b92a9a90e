import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sourceDigest, sourceFiles } from './digest.js';
import { findHandler, parsePairs, readProject } from './project.js';

const root = mkdtempSync(join(tmpdir(), 'ebb-func-project-'));
after(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

test('func project - func.yaml gives name, runtime, invoke, image, envs and annotations', () => {
  const dir = folder('with-yaml', {
    'func.yaml': [
      'specVersion: 0.36.0',
      'name: greeter',
      'runtime: typescript',
      'invoke: cloudevent',
      'image: registry.example.com/greeter',
      'envs: [{name: OLD, value: "1"}]',
      'run:',
      '  envs:',
      '    - {name: A, value: x}',
      '    - {name: N, value: 3}',
      'deploy:',
      '  namespace: team',
      '  annotations: {autoscaling.knative.dev/max-scale: "3"}',
    ].join('\n'),
    'src/index.ts': 'export const handle = () => 1;',
  });
  assert.deepEqual(readProject(dir), {
    dir,
    name: 'greeter',
    runtime: 'typescript',
    invoke: 'cloudevent',
    image: 'registry.example.com/greeter',
    namespace: 'team',
    handler: 'src/index.ts',
    envs: [
      { name: 'OLD', value: '1' },
      { name: 'A', value: 'x' },
      { name: 'N', value: '3' },
    ],
    annotations: { 'autoscaling.knative.dev/max-scale': '3' },
  });
});

test('func project - without func.yaml the folder names it; the handler follows func layouts', () => {
  const dir = folder('plain-js', { 'index.js': 'export const handle = () => 1;' });
  const p = readProject(dir);
  assert.equal(p.name, 'plain-js');
  assert.equal(p.invoke, 'http');
  assert.equal(p.handler, 'index.js');
  const both = folder('both', { 'index.js': '', 'src/index.ts': '' });
  assert.equal(findHandler(both), 'src/index.ts', "func's TypeScript layout first");
});

test('func project - errors name the field or the missing handler and the fix', () => {
  assert.throws(
    () => readProject(folder('empty', { 'README.md': '' })),
    /no handler in .*src\/index\.ts.*ebb func create/,
  );
  assert.throws(
    () => readProject(folder('bad-invoke', { 'func.yaml': 'invoke: grpc', 'index.js': '' })),
    /func\.yaml invoke must be http or cloudevent, was: "grpc"/,
  );
  assert.throws(
    () => readProject(folder('bad-envs', { 'func.yaml': 'run: {envs: {A: 1}}', 'index.js': '' })),
    /func\.yaml run\.envs must be a list/,
  );
  assert.throws(() => readProject(join(root, 'missing')), /is not a folder/);
  assert.throws(() => parsePairs(['novalue'], '--env'), /--env must be NAME=VALUE, was: "novalue"/);
  assert.deepEqual(parsePairs(['A=b=c'], '--env'), [['A', 'b=c']]);
});

test('func digest - covers sources, not node_modules; changes with the code', () => {
  const dir = folder('digest', {
    'src/index.ts': 'export const handle = () => 1;',
    'func.yaml': 'name: digest',
    'node_modules/.cache/ebb-func/x.mjs': 'compiled',
  });
  assert.deepEqual(sourceFiles(dir), ['func.yaml', 'src/index.ts']);
  const first = sourceDigest(dir);
  writeFileSync(join(dir, 'node_modules', 'other.js'), 'more');
  assert.equal(sourceDigest(dir), first, 'node_modules does not count');
  writeFileSync(join(dir, 'src', 'index.ts'), 'export const handle = () => 2;');
  assert.notEqual(sourceDigest(dir), first);
  assert.match(first, /^[0-9a-f]{64}$/);
});
