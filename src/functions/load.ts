/**
 * Loading a handler file: `.js`, `.mjs` and `.cjs` are imported as they are (Node decides ESM or CommonJS
 * from the extension and the nearest package.json, as for any program); `.ts`, `.mts` and `.cts` are
 * compiled first (compile.ts). Whatever goes wrong — a missing file, a compile error, an exception while
 * the module runs, no `handle` export — is a LoadError whose message says where.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompileError, compileHandler } from './compile.js';
import { type FunctionModule, functionOf } from './contract.js';

const JS = ['.js', '.mjs', '.cjs'];
const TS = ['.ts', '.mts', '.cts'];

export class LoadError extends Error {
  override readonly name = 'LoadError';
}

export async function loadFunction(file: string): Promise<FunctionModule> {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new LoadError(`handler file ${path} does not exist`);
  const ext = extname(path);
  let target = path;
  if (TS.includes(ext)) {
    try {
      target = (await compileHandler(path)).path;
    } catch (err) {
      if (err instanceof CompileError) throw new LoadError(`cannot compile ${path}:\n${err.message}`);
      throw err;
    }
  } else if (!JS.includes(ext)) {
    throw new LoadError(`handler ${path}: expected a ${[...TS, ...JS].join(', ')} file`);
  }
  let exported: Record<string, unknown>;
  try {
    exported = await import(pathToFileURL(target).href);
  } catch (err) {
    const e = err as Error;
    throw new LoadError(`loading ${path} failed: ${e.stack ?? e.message}`);
  }
  const fn = functionOf(exported);
  if (typeof fn === 'string') throw new LoadError(`handler ${path}: ${fn}`);
  return fn;
}
