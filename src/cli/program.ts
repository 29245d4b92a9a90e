/**
 * The `ebb` program: every command but the `func serve` fast path (main.ts), registered on commander.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerAdapter } from './commands/adapter.js';
import { registerApply } from './commands/apply.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerDelete } from './commands/delete.js';
import { registerDemo } from './commands/demo.js';
import { registerDescribe } from './commands/describe.js';
import { registerEvent } from './commands/event.js';
import { registerExport } from './commands/export.js';
import { registerFunc } from './commands/func.js';
import { registerGet } from './commands/get.js';
import { registerKubeconfig } from './commands/kubeconfig.js';
import { registerLogs } from './commands/logs.js';
import { registerRocketMQ } from './commands/rocketmq.js';
import { registerUp } from './commands/up.js';
import { registerUsage } from './commands/usage.js';
import { registerWait } from './commands/wait.js';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

export const program = new Command('ebb')
  .description("Knative's serverless model (Serving + Eventing) on one machine")
  .version(packageVersion())
  .showHelpAfterError('(run with --help for usage)');

registerUp(program);
registerApply(program);
registerGet(program);
registerDescribe(program);
registerDelete(program);
registerExport(program);
registerWait(program);
registerLogs(program);
registerUsage(program);
registerEvent(program);
registerRocketMQ(program);
registerAdapter(program);
registerFunc(program);
registerDemo(program);
registerDashboard(program);
registerKubeconfig(program);
