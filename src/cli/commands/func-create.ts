/**
 * `ebb func create DIR [--language typescript|javascript] [--template http|cloudevents]`: writes a runnable
 * function project into a new or empty folder (func/templates.ts): func.yaml, package.json with a
 * `npm test` that needs no `npm install`, the handler, its test and a README. The folder's name is the
 * function's.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { action, out } from '../command.js';
import { CliError } from '../errors.js';
import { checkFunctionName, runtimeOf, templateOf, writeScaffold } from '../func/templates.js';

interface CreateFlags {
  language: string;
  template: string;
}

export function registerFuncCreate(func: Command): void {
  func
    .command('create')
    .description('Create a function project in a new or empty folder')
    .argument('<dir>', "the new function's folder; its name is the function's")
    .option('-l, --language <language>', 'typescript or javascript', 'typescript')
    .option('-t, --template <template>', 'http (requests) or cloudevents (events in, events out)', 'http')
    .action(action((dir: string, flags: CreateFlags) => create(dir, flags)));
}

async function create(dir: string, flags: CreateFlags): Promise<number> {
  const runtime = runtimeOf(flags.language);
  const template = templateOf(flags.template);
  const target = resolve(dir);
  const name = basename(target);
  checkFunctionName(name);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new CliError(`${dir} exists and is not a folder`);
    if (readdirSync(target).length > 0)
      throw new CliError(`${dir} is not empty: ebb func create writes into a new or empty folder only`);
  }
  const files = writeScaffold(target, { name, runtime, template });
  const shown = relative(process.cwd(), target) || '.';
  out(
    `Created ${runtime === 'node' ? 'javascript' : 'typescript'} ${template} function ${name} in ${target}`,
  );
  for (const file of files) out(`  ${file}`);
  out(`Next: ebb func run ${shown}   |   cd ${shown} && npm test   |   ebb func deploy ${shown}`);
  return 0;
}
