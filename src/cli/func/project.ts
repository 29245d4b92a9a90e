/**
 * A function project on disk, as Knative func lays it out: `func.yaml` (name, runtime, invoke, image,
 * `run.envs`, `deploy.annotations`/`deploy.namespace`, and the older top-level `envs`/`annotations`) and a
 * handler file found by func's conventions (`src/index.ts` for TypeScript, `index.js` for Node). A folder
 * without func.yaml is a project too: its name is the folder's.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CliError } from '../errors.js';

export const FUNC_YAML = 'func.yaml';

/** Where a handler may live, in the order looked at: func's TypeScript layout, then its Node layout. */
export const HANDLER_CANDIDATES = [
  'src/index.ts',
  'src/index.mts',
  'index.ts',
  'index.mts',
  'index.js',
  'index.mjs',
  'index.cjs',
  'src/index.js',
  'src/index.mjs',
];

/** One entry of func.yaml's `envs`: a value, or (without `name`) a whole Secret/ConfigMap. */
export interface FuncEnv {
  name?: string;
  value?: string;
}

export interface FunctionProject {
  /** Absolute folder. */
  dir: string;
  name: string;
  runtime?: string;
  invoke: 'http' | 'cloudevent';
  image?: string;
  namespace?: string;
  /** The handler file, relative to `dir` with `/` separators. */
  handler: string;
  envs: FuncEnv[];
  annotations: Record<string, string>;
}

/** Reads `dir` as a function project; a CliError says what is wrong and how to fix it. */
export function readProject(dirArg: string): FunctionProject {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CliError(
      `${dirArg} is not a folder: pass a function's folder (create one with \`ebb func create DIR\`)`,
    );
  const yaml = readFuncYaml(dir);
  const deploy = record(yaml.deploy, 'deploy');
  const run = record(yaml.run, 'run');
  const project: FunctionProject = {
    dir,
    name: optionalString(yaml.name, 'name') ?? basename(dir),
    invoke: invokeOf(yaml.invoke),
    handler: findHandler(dir),
    envs: [...envList(yaml.envs, 'envs'), ...envList(run.envs, 'run.envs')],
    annotations: {
      ...annotationMap(yaml.annotations, 'annotations'),
      ...annotationMap(deploy.annotations, 'deploy.annotations'),
    },
  };
  const runtime = optionalString(yaml.runtime, 'runtime');
  if (runtime) project.runtime = runtime;
  const image = optionalString(yaml.image, 'image') ?? optionalString(deploy.image, 'deploy.image');
  if (image) project.image = image;
  const namespace =
    optionalString(deploy.namespace, 'deploy.namespace') ?? optionalString(yaml.namespace, 'namespace');
  if (namespace) project.namespace = namespace;
  return project;
}

/** The handler file of `dir`, relative to it. */
export function findHandler(dir: string): string {
  for (const candidate of HANDLER_CANDIDATES) {
    const path = join(dir, candidate);
    if (existsSync(path) && statSync(path).isFile()) return candidate;
  }
  throw new CliError(
    `no handler in ${dir}: expected one of ${HANDLER_CANDIDATES.join(', ')} (create a function with \`ebb func create DIR\`)`,
  );
}

function readFuncYaml(dir: string): Record<string, unknown> {
  const path = join(dir, FUNC_YAML);
  if (!existsSync(path)) return {};
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`${path} is not valid YAML: ${(e as Error).message}`, { cause: e });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new CliError(`${path} must be a YAML mapping`);
  return doc as Record<string, unknown>;
}

const FIELD = (field: string) => `${FUNC_YAML} ${field}`;

function record(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new CliError(`${FIELD(field)} must be a mapping`);
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new CliError(`${FIELD(field)} must be a string, was: ${JSON.stringify(value)}`);
  return value;
}

function invokeOf(value: unknown): 'http' | 'cloudevent' {
  const v = optionalString(value, 'invoke') ?? 'http';
  if (v === 'http' || v === 'cloudevent') return v;
  throw new CliError(`${FIELD('invoke')} must be http or cloudevent, was: "${v}"`);
}

function envList(value: unknown, field: string): FuncEnv[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CliError(`${FIELD(field)} must be a list of {name, value}`);
  return value.map((entry, i) => {
    const at = `${field}[${i}]`;
    const e = record(entry, at);
    const env: FuncEnv = {};
    const name = optionalString(e.name, `${at}.name`);
    if (name) env.name = name;
    if (e.value !== undefined && e.value !== null) env.value = String(e.value);
    if (!env.name && !env.value) throw new CliError(`${FIELD(at)} needs a name and a value`);
    return env;
  });
}

function annotationMap(value: unknown, field: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value, field))) out[k] = String(v ?? '');
  return out;
}

/** `K=V` flags (`--env`, `--annotation`) as pairs; `flag` names the flag in the error. */
export function parsePairs(values: string[], flag: string): [string, string][] {
  return values.map((text) => {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new CliError(`${flag} must be NAME=VALUE, was: "${text}"`);
    return [text.slice(0, eq), text.slice(eq + 1)];
  });
}
