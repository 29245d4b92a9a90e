/**
 * `ebb usage [ksvc/NAME | cfg/NAME | rev/NAME] [-n NS | -A] [--since DURATION] [-o json|yaml]`: what each
 * revision used — requests, request-seconds, replica-seconds, memory (MiB·s), the share of time at zero
 * replicas — since `ebb up` started, or over the last DURATION. Reads the API's `/usage`.
 */
import type { Command } from 'commander';
import {
  action,
  clientFor,
  DEFAULT_NAMESPACE,
  type NamespaceFlags,
  out,
  parseTargets,
  targetsOf,
  withNamespace,
  withServer,
} from '../command.js';
import { parseDuration } from '../duration.js';
import { CliError } from '../errors.js';
import { parseUsageOutputMode, renderUsage, type UsageList } from '../printers/usage.js';

interface UsageFlags extends NamespaceFlags {
  allNamespaces?: boolean;
  since?: string;
  output?: string;
}

/** The `/usage` filter for each kind a target may name. */
const FILTER_FOR: Record<string, string> = {
  services: 'service',
  configurations: 'configuration',
  revisions: 'revision',
};

export function registerUsage(program: Command): void {
  const cmd = program
    .command('usage')
    .description(
      'Show what revisions used: requests, request-seconds, replica-seconds, memory (ksvc/NAME, cfg/NAME, rev/NAME)',
    )
    .argument('[args...]', 'KIND/NAME or KIND NAME; all revisions of the namespace when absent')
    .option('-A, --all-namespaces', 'revisions of every namespace')
    .option('--since <duration>', 'only usage accrued in this window (10s granularity, up to 6h)')
    .option('-o, --output <format>', 'json or yaml');
  withServer(withNamespace(cmd)).action(action((args: string[], flags: UsageFlags) => usage(args, flags)));
}

async function usage(args: string[], flags: UsageFlags): Promise<number> {
  const mode = parseUsageOutputMode(flags.output);
  const query: Record<string, string> = {};
  if (!flags.allNamespaces) query.namespace = flags.namespace || DEFAULT_NAMESPACE;
  if (args.length > 0) {
    const targets = targetsOf(parseTargets(args));
    if (targets.length !== 1)
      throw new CliError('ebb usage takes at most one object, e.g. ebb usage ksvc/hello');
    const { def, name } = targets[0]!;
    const filter = def.group === 'serving.knative.dev' ? FILTER_FOR[def.plural] : undefined;
    if (!filter) throw new CliError(`ebb usage takes a Service, Configuration or Revision, not ${def.kind}`);
    query[filter] = name;
  }
  if (flags.since !== undefined) {
    const ms = parseDuration(flags.since, '--since');
    if (ms <= 0) throw new CliError(`--since must be positive, was: ${flags.since}`);
    query.sinceSeconds = String(ms / 1000);
  }
  const list = await clientFor(flags).get<UsageList>('/usage', query);
  const text = renderUsage(list, { mode, allNamespaces: flags.allNamespaces === true });
  if (text === '') out(args.length > 0 ? `No usage recorded for ${args.join(' ')}.` : 'No usage recorded.');
  else out(text);
  return 0;
}
