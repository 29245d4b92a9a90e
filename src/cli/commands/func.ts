/**
 * `ebb func`: Knative func's workflow on Ebb — `create` a project from a template, `run` it locally,
 * `deploy` it as a Knative Service, `invoke` it through the router — and `serve`, the runtime every
 * function replica runs (main.ts takes its plain form without loading the rest of the CLI).
 */
import type { Command } from 'commander';
import { action } from '../command.js';
import { registerFuncCreate } from './func-create.js';
import { registerFuncDeploy } from './func-deploy.js';
import { registerFuncInvoke } from './func-invoke.js';
import { registerFuncRun } from './func-run.js';

export function registerFunc(program: Command): void {
  const func = program.command('func').description('Create, run, deploy and invoke functions (Knative func)');
  registerFuncCreate(func);
  registerFuncRun(func);
  registerFuncDeploy(func);
  registerFuncInvoke(func);
  func
    .command('serve')
    .description("Serve a handler file on $PORT (what a function's replicas run)")
    .argument('<file>', 'the handler: .ts, .mts, .js, .mjs or .cjs')
    .action(
      action(async (file: string) => {
        const { serveFunction } = await import('../../functions/serve.js');
        await serveFunction(file);
      }),
    );
}
