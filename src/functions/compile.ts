/**
 * TypeScript handlers without a build step: the handler and the local files it imports are compiled by
 * esbuild into one ES module (npm packages stay imports, resolved from the handler's folder as Node would),
 * written to `node_modules/.cache/ebb-func/` of the handler's package (the nearest folder with a
 * package.json, else the handler's folder) — where Node's resolution from the output still finds the
 * package's `node_modules`. The output is cached: a manifest lists every input with
 * its size and mtime, and a start whose inputs are unchanged imports the cached module without loading
 * esbuild at all (the cold-start path of a replica). Types are not checked (as with tsx or ts-node's
 * transpile-only mode): that is the editor's and `tsc`'s job.
 *
 * `cloudevents`, which the func templates import, resolves from Ebb's own copy when the folder has none,
 * so a scaffold runs before `npm install`. Any other missing package is a compile error that says to run
 * `npm install`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

/** Bump when the compile options change, so older cached output is not reused. */
const COMPILER_VERSION = 1;
/** Packages Ebb supplies when the handler's folder does not. */
const SUPPLIED = ['cloudevents'];

export class CompileError extends Error {
  override readonly name = 'CompileError';
}

interface Manifest {
  version: number;
  output: string;
  inputs: Record<string, { size: number; mtimeMs: number }>;
}

export interface Compiled {
  /** Absolute path of the ES module to import. */
  path: string;
  /** True when the cached output was reused. */
  cached: boolean;
}

/** Compiles (or finds compiled) `file`, a .ts/.mts/.cts handler; throws CompileError with file:line:column. */
export async function compileHandler(file: string): Promise<Compiled> {
  const entry = resolve(file);
  const dir = dirname(entry);
  const cacheDir = join(packageRoot(dir), 'node_modules', '.cache', 'ebb-func');
  const key = pathKey(entry);
  const manifestPath = join(cacheDir, `${basename(entry).replace(/\.[^.]+$/, '')}-${key}.json`);
  const cached = readManifest(manifestPath);
  if (cached && upToDate(cached, dir)) return { path: cached.output, cached: true };
  const output = manifestPath.replace(/\.json$/, '.mjs');
  const inputs = await build(entry, dir, output);
  const manifest: Manifest = { version: COMPILER_VERSION, output, inputs };
  writeAtomically(manifestPath, JSON.stringify(manifest));
  return { path: output, cached: false };
}

function readManifest(path: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return m.version === COMPILER_VERSION && existsSync(m.output) ? m : undefined;
  } catch {
    return undefined;
  }
}

function upToDate(m: Manifest, dir: string): boolean {
  for (const [input, seen] of Object.entries(m.inputs)) {
    try {
      const s = statSync(resolve(dir, input));
      if (s.size !== seen.size || s.mtimeMs !== seen.mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function build(entry: string, dir: string, output: string): Promise<Manifest['inputs']> {
  const esbuild = await import('esbuild');
  let result: import('esbuild').BuildResult<{ metafile: true; write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      absWorkingDir: dir,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
      write: false,
      outfile: output,
      logLevel: 'silent',
      plugins: [packagesExternal(dir)],
    });
  } catch (err) {
    const failure = err as { errors?: import('esbuild').Message[] };
    if (failure.errors?.length)
      throw new CompileError(failure.errors.map((m) => formatMessage(m, dir)).join('\n'));
    throw err;
  }
  mkdirSync(dirname(output), { recursive: true });
  writeAtomically(output, result.outputFiles[0]!.contents);
  const inputs: Manifest['inputs'] = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const s = statSync(resolve(dir, input));
    inputs[input] = { size: s.size, mtimeMs: s.mtimeMs };
  }
  return inputs;
}

/** esbuild's message as compilers print it: `file:line:column: text`. */
function formatMessage(m: import('esbuild').Message, dir: string): string {
  const where = m.location
    ? `${resolve(dir, m.location.file)}:${m.location.line}:${m.location.column + 1}: `
    : '';
  const line = m.location?.lineText ? `\n    ${m.location.lineText}` : '';
  return `${where}error: ${m.text}${line}`;
}

/** Node built-ins and npm packages stay imports; a package the folder lacks is an error, or Ebb's copy. */
function packagesExternal(dir: string): import('esbuild').Plugin {
  const ours = createRequire(import.meta.url);
  return {
    name: 'ebb-packages-external',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const name = packageName(args.path);
        if (hasPackage(args.resolveDir || dir, name)) return { path: args.path, external: true };
        if (SUPPLIED.includes(name)) return { path: ours.resolve(args.path), external: true };
        return {
          errors: [
            {
              text: `cannot find package "${name}" from ${args.resolveDir || dir}: run \`npm install\` in the function's folder`,
            },
          ],
        };
      });
    },
  };
}

/** A short stable key for a path (FNV-1a; node:crypto would cost ~5 ms to load on a cold start). */
function pathKey(path: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The nearest folder from `dir` up holding a package.json; `dir` itself when there is none. */
function packageRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return dir;
  }
}

const packageName = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

function hasPackage(from: string, name: string): boolean {
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', name, 'package.json'))) return true;
    if (dirname(d) === d) return false;
  }
}

function writeAtomically(path: string, contents: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}
