/**
 * `ebb logs KIND/NAME [-f] [--tail N]`: the output of a Service's, Configuration's or Revision's replicas,
 * or of a ContainerSource's adapter, each line prefixed with the replica it came from; `-f` keeps
 * streaming until interrupted.
 */
import type { Command } from 'commander';
import {
  action,
  clientFor,
  type NamespaceFlags,
  namespaceFor,
  parseTargets,
  targetsOf,
  withNamespace,
  withServer,
} from '../command.js';
import { CliError } from '../errors.js';
import { kindPath } from '../paths.js';

interface LogsFlags extends NamespaceFlags {
  follow?: boolean;
  tail: string;
}

export function registerLogs(program: Command): void {
  const cmd = program
    .command('logs')
    .description(
      'Print the output of a Service, Configuration, Revision or ContainerSource (ksvc/NAME, rev/NAME, containersource/NAME)',
    )
    .argument('<args...>', 'KIND/NAME or KIND NAME')
    .option('-f, --follow', 'keep streaming new output')
    .option('--tail <lines>', 'lines of earlier output to show per revision', '200');
  withServer(withNamespace(cmd)).action(action((args: string[], flags: LogsFlags) => logs(args, flags)));
}

async function logs(args: string[], flags: LogsFlags): Promise<number> {
  const targets = targetsOf(parseTargets(args));
  if (targets.length !== 1) throw new CliError('ebb logs takes exactly one object, e.g. ebb logs ksvc/hello');
  const { def, name } = targets[0]!;
  const client = clientFor(flags);
  const path = `${kindPath(def, namespaceFor(def, flags.namespace), name)}/log`;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for await (const chunk of client.text(
    path,
    { tailLines: flags.tail, ...(flags.follow ? { follow: 'true' } : {}) },
    controller.signal,
  )) {
    process.stdout.write(chunk);
  }
  return 0;
}
