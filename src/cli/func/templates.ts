/**
 * The `ebb func create` scaffolds: plain files under the package's `templates/func/` folder, one folder
 * per runtime and template (`typescript/http`, `node/cloudevents`, …) modelled on knative/func's, laid
 * over `common/` (shared by all: the test helper) and `common-<template>/` (shared by both languages: the
 * test, which talks HTTP). Copying substitutes `{{name}}`, `{{created}}`, `{{language}}` and
 * `{{handler}}`; a file named
 * `gitignore` becomes `.gitignore` (npm would drop a packaged `.gitignore`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../errors.js';

/** dist/src/cli/func → the package root. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../../../templates/func/', import.meta.url));

export type Runtime = 'typescript' | 'node';
export type Template = 'http' | 'cloudevents';

const LANGUAGES: Record<string, Runtime> = {
  typescript: 'typescript',
  ts: 'typescript',
  javascript: 'node',
  js: 'node',
  node: 'node',
};
const TEMPLATES: Record<string, Template> = {
  http: 'http',
  cloudevents: 'cloudevents',
  cloudevent: 'cloudevents',
};

export function runtimeOf(language: string): Runtime {
  const runtime = LANGUAGES[language.toLowerCase()];
  if (!runtime) throw new CliError(`unknown --language "${language}": use typescript or javascript`);
  return runtime;
}

export function templateOf(template: string): Template {
  const t = TEMPLATES[template.toLowerCase()];
  if (!t) throw new CliError(`unknown --template "${template}": use http or cloudevents`);
  return t;
}

/** A Knative Service name: a DNS-1035 label. */
export function checkFunctionName(name: string): void {
  if (name.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) return;
  throw new CliError(
    `"${name}" cannot name a function: the folder's name becomes the Service's, so use lowercase letters, digits and '-', starting with a letter (at most 63 characters)`,
  );
}

export interface ScaffoldOptions {
  name: string;
  runtime: Runtime;
  template: Template;
  /** @defaultValue now */
  created?: Date;
  /** @defaultValue TEMPLATES_DIR */
  templatesDir?: string;
}

/** Writes the scaffold into `target` (made if missing); returns the files written, relative. */
export function writeScaffold(target: string, opts: ScaffoldOptions): string[] {
  const root = opts.templatesDir ?? TEMPLATES_DIR;
  const source = join(root, opts.runtime, opts.template);
  if (!existsSync(source))
    throw new CliError(`the ${opts.runtime}/${opts.template} template is missing from ${root}`);
  const values: Record<string, string> = {
    name: opts.name,
    created: (opts.created ?? new Date()).toISOString(),
    language: opts.runtime === 'node' ? 'JavaScript' : 'TypeScript',
    handler: opts.runtime === 'node' ? 'index.js' : 'src/index.ts',
  };
  const files = new Map<string, string>();
  for (const dir of [join(root, 'common'), join(root, `common-${opts.template}`), source]) {
    if (!existsSync(dir)) continue;
    for (const rel of listFiles(dir)) files.set(rel, join(dir, rel));
  }
  mkdirSync(target, { recursive: true });
  const written: string[] = [];
  for (const [rel, from] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const out = rel.replace(/(^|\/)gitignore$/, '$1.gitignore');
    const text = readFileSync(from, 'utf8').replace(
      /\{\{(name|created|language|handler)\}\}/g,
      (_, key: string) => values[key]!,
    );
    mkdirSync(dirname(join(target, out)), { recursive: true });
    writeFileSync(join(target, out), text, { flag: 'wx' });
    written.push(out);
  }
  return written;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}
