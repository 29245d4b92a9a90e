/** Loading handlers: TS compiled and cached, JS as is, export shapes, and errors that say where. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileHandler } from './compile.js';
import { functionOf } from './contract.js';
import { LoadError, loadFunction } from './load.js';

const folder = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), 'ebb-load-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
};

describe('functions load', () => {
  it('load - a TS handler with a local import compiles, then comes from the cache until a file changes', async () => {
    const dir = folder({
      'package.json': '{"type":"module"}',
      'src/index.ts':
        "import { twice } from './lib.js';\nexport const handle = (_c: unknown, n?: number): number => twice(n ?? 1);\n",
      'src/lib.ts': 'export const twice = (n: number): number => n * 2;\n',
    });
    const first = await compileHandler(join(dir, 'src/index.ts'));
    assert.equal(first.cached, false);
    assert.match(first.path, /node_modules\/\.cache\/ebb-func\/index-[0-9a-f]+\.mjs$/);
    assert.equal((await compileHandler(join(dir, 'src/index.ts'))).cached, true);
    writeFileSync(join(dir, 'src/lib.ts'), 'export const twice = (n: number): number => n * 3;\n');
    utimesSync(join(dir, 'src/lib.ts'), new Date(), new Date(Date.now() + 5_000));
    assert.equal((await compileHandler(join(dir, 'src/index.ts'))).cached, false, 'an imported file changed');
    const fn = await loadFunction(join(dir, 'src/index.ts'));
    assert.equal(fn.handle({}, 5), 15);
  });

  it('load - a syntax error names file:line:column', async () => {
    const dir = folder({ 'bad.ts': 'export const handle = () => {\n  return { a: 1 ;\n};\n' });
    await assert.rejects(loadFunction(join(dir, 'bad.ts')), (err: Error) => {
      assert.ok(err instanceof LoadError);
      assert.match(
        err.message,
        new RegExp(`${join(dir, 'bad.ts')}:2:17: error: Expected "\\}" but found ";"`),
      );
      return true;
    });
  });

  it('load - a missing package says to run npm install; cloudevents is supplied', async () => {
    const dir = folder({
      'dep.ts': "import pad from 'left-pad';\nexport const handle = () => pad('x', 3);\n",
      'ce.ts':
        "import { CloudEvent } from 'cloudevents';\nexport const handle = () => new CloudEvent({ source: '/s', type: 't' });\n",
    });
    await assert.rejects(
      loadFunction(join(dir, 'dep.ts')),
      /cannot find package "left-pad" .*run `npm install`/,
    );
    const fn = await loadFunction(join(dir, 'ce.ts'));
    assert.equal((fn.handle({}) as { constructor: { name: string } }).constructor.name, 'CloudEvent');
  });

  it('load - CommonJS and ESM JavaScript load as they are; an exception at import says where', async () => {
    const dir = folder({
      'c.cjs': 'module.exports = { handle: () => "cjs", init() {} };\n',
      'm.mjs': 'export default function handle() { return "default"; }\n',
      'boom.mjs': 'throw new Error("at import");\n',
    });
    const c = await loadFunction(join(dir, 'c.cjs'));
    assert.equal(c.handle({}), 'cjs');
    assert.equal(typeof c.init, 'function');
    assert.equal((await loadFunction(join(dir, 'm.mjs'))).handle({}), 'default');
    await assert.rejects(loadFunction(join(dir, 'boom.mjs')), /loading .*boom\.mjs failed: Error: at import/);
    await assert.rejects(loadFunction(join(dir, 'nope.ts')), /does not exist/);
  });

  it('contract - exports without handle, and lifecycle exports that are not functions, are refused', () => {
    assert.equal(functionOf({ other: 1 }), 'the module exports no "handle" function (exports: other)');
    assert.equal(functionOf({ handle: () => 1, init: 3 }), 'export "init" must be a function, is number');
  });
});
