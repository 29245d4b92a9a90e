/**
 * Reads the objects of `-f PATH...`: files, folders (`.yaml`, `.yml`, `.json`, sorted by name; recursive
 * with `-R`) and `-` for stdin. Multi-document YAML, JSON, and `kind: List` are expanded; empty documents
 * are skipped. A syntax error names the file and line.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { isPlainObject, type KObject } from '../api/object.js';
import { CliError } from './errors.js';

export interface Manifest {
  /** The file path as given (joined with the folder), or `STDIN`. */
  source: string;
  /** 1-based line where the object's document starts. */
  line: number;
  object: KObject;
  /** Absolute folder of the file; absent for stdin. */
  dir?: string;
}

export interface ReadOptions {
  recursive?: boolean;
  /** Reads standard input; injectable for tests. */
  readStdin?: () => Promise<string>;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export async function readManifests(paths: string[], opts: ReadOptions = {}): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const path of paths) {
    if (path === '-') {
      const text = await (opts.readStdin ?? readStdin)();
      out.push(...parseManifests(text, 'STDIN'));
      continue;
    }
    for (const file of await expandPath(path, opts.recursive ?? false, true)) {
      const text = await readFile(file, 'utf8');
      const dir = dirname(resolve(file));
      out.push(...parseManifests(text, file).map((m) => ({ ...m, dir })));
    }
  }
  return out;
}

async function expandPath(path: string, recursive: boolean, explicit: boolean): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new CliError(`the path "${path}" does not exist`);
  }
  if (!info.isDirectory()) return [path];
  if (!explicit && !recursive) return [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: string[] = [];
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...(await expandPath(child, true, false)));
    } else if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      files.push(child);
    }
  }
  return files;
}

/** Parses one file's text (YAML, or JSON for `.json`) into objects. */
export function parseManifests(text: string, source: string): Manifest[] {
  const docs = source.toLowerCase().endsWith('.json') ? parseJson(text, source) : parseYaml(text, source);
  const out: Manifest[] = [];
  docs.forEach(({ value, line }) => {
    if (value === null || value === undefined) return;
    for (const object of expandList(value, source, line)) out.push({ source, line, object });
  });
  return out;
}

interface RawDoc {
  value: unknown;
  line: number;
}

function parseYaml(text: string, source: string): RawDoc[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter });
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: RawDoc[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
      const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new CliError(`error parsing ${source}: ${where}${message}`);
    }
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    out.push({ value: doc.toJS({ maxAliasCount: 100 }), line: lineCounter.linePos(start).line });
  }
  return out;
}

function parseJson(text: string, source: string): RawDoc[] {
  if (text.trim() === '') return [];
  try {
    return [{ value: JSON.parse(text), line: 1 }];
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    if (!at) throw new CliError(`error parsing ${source}: ${message}`);
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    const what = message.replace(/ in JSON at position \d+.*$/, '');
    throw new CliError(`error parsing ${source}: line ${line}, column ${col}: ${what}`);
  }
}

function expandList(value: unknown, source: string, line: number): KObject[] {
  if (!isPlainObject(value))
    throw new CliError(`error parsing ${source}: line ${line}: the document is not an object`);
  const kind = value.kind;
  if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.flatMap((item) => expandList(item, source, line));
  }
  const missing = ['apiVersion', 'kind'].filter((f) => typeof value[f] !== 'string' || value[f] === '');
  if (!isPlainObject(value.metadata)) missing.push('metadata');
  if (missing.length > 0) {
    throw new CliError(
      `error validating ${source}: line ${line}: ${missing.map((f) => `${f} not set`).join(', ')}`,
    );
  }
  return [value as unknown as KObject];
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
