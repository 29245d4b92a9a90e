/**
 * What every command shares: the `--server` and `-n` options, the client, KIND NAME / KIND/NAME
 * argument parsing, and the action wrapper that prints errors and sets the exit code.
 */
import type { Command } from 'commander';
import type { KindDef } from '../api/kind.js';
import { ApiClient, resolveServer } from './client.js';
import { CliError, formatError } from './errors.js';
import { resolveKind } from './kinds.js';

export const DEFAULT_NAMESPACE = 'default';

export interface ClientFlags {
  server?: string;
}

export interface NamespaceFlags extends ClientFlags {
  namespace?: string;
}

export const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
};

export const err = (text: string): void => {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
};

export const clientFor = (flags: ClientFlags): ApiClient => new ApiClient(resolveServer(flags.server));

export function withServer(cmd: Command): Command {
  return cmd.option('--server <url>', 'Ebb API URL (default: $EBB_SERVER or http://127.0.0.1:7070)');
}

export function withNamespace(cmd: Command): Command {
  return cmd.option('-n, --namespace <namespace>', 'namespace (default: "default")');
}

/** The namespace for a kind: undefined for cluster-scoped kinds. */
export const namespaceFor = (def: KindDef, flag: string | undefined): string | undefined =>
  def.namespaced ? flag || DEFAULT_NAMESPACE : undefined;

export interface Target {
  def: KindDef;
  name: string;
}

/** `KIND NAME...` or `KIND/NAME...`. */
export function parseTargets(
  args: string[],
  requireName = true,
): { def: KindDef; names: string[] } | Target[] {
  if (args.length === 0) throw new CliError('you must specify the type of resource');
  if (args[0]!.includes('/')) {
    return args.map((arg) => {
      const slash = arg.indexOf('/');
      if (slash <= 0 || slash === arg.length - 1)
        throw new CliError(`arguments in resource/name form must have a single resource and name: "${arg}"`);
      return { def: resolveKind(arg.slice(0, slash)), name: arg.slice(slash + 1) };
    });
  }
  const [kind, ...names] = args;
  const def = resolveKind(kind!);
  if (requireName && names.length === 0)
    throw new CliError(`resource name may not be empty (ebb ... ${kind} NAME)`);
  return { def, names };
}

/** Flattens `parseTargets` into one target per name. */
export function targetsOf(parsed: ReturnType<typeof parseTargets>): Target[] {
  return Array.isArray(parsed) ? parsed : parsed.names.map((name) => ({ def: parsed.def, name }));
}

/**
 * Wraps a command action: a thrown error is printed to stderr and the exit code becomes 1; a returned
 * number becomes the exit code.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<unknown>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (e) {
      err(formatError(e));
      process.exitCode = 1;
    }
  };
}
