/**
 * `ebb delete KIND NAME...` (or KIND/NAME...) and `ebb delete -f PATH...`: deletes each object and
 * prints `service.serving.knative.dev "x" deleted`; a missing one is an error unless --ignore-not-found.
 */
import type { Command } from 'commander';
import {
  action,
  clientFor,
  err,
  type NamespaceFlags,
  namespaceFor,
  out,
  parseTargets,
  type Target,
  targetsOf,
  withNamespace,
  withServer,
} from '../command.js';
import { CliError, formatError, isNotFound, UnreachableError } from '../errors.js';
import { kindOfObject } from '../kinds.js';
import { readManifests } from '../manifests.js';
import { qualifiedKind } from '../names.js';
import { kindPath } from '../paths.js';

interface DeleteFlags extends NamespaceFlags {
  filename?: string[];
  recursive?: boolean;
  ignoreNotFound?: boolean;
}

interface DeleteTarget extends Target {
  namespace: string | undefined;
}

export function registerDelete(program: Command): void {
  const cmd = program
    .command('delete')
    .description('Delete resources by kind and name, or those named in files')
    .argument('[args...]', 'KIND NAME... or KIND/NAME...')
    .option('-f, --filename <path...>', 'file, folder or - for stdin (repeatable)')
    .option('-R, --recursive', 'read folders recursively')
    .option('--ignore-not-found', 'treat "not found" as a successful delete');
  withServer(withNamespace(cmd)).action(
    action((args: string[], flags: DeleteFlags) => deleteCommand(args, flags)),
  );
}

async function deleteCommand(args: string[], flags: DeleteFlags): Promise<number> {
  let failed = 0;
  const targets: DeleteTarget[] = [];
  if (flags.filename) {
    if (args.length > 0) throw new CliError('use either -f PATH or KIND NAME, not both');
    for (const { source, object } of await readManifests(flags.filename, {
      recursive: flags.recursive ?? false,
    })) {
      const def = kindOfObject(object.apiVersion, object.kind);
      if (!def) {
        err(
          `error: unable to recognize "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"`,
        );
        failed++;
        continue;
      }
      const namespace = namespaceFor(def, object.metadata.namespace || flags.namespace);
      targets.push({ def, name: object.metadata.name, namespace });
    }
  } else {
    if (args.length === 0) throw new CliError('you must specify KIND NAME, KIND/NAME or -f PATH');
    for (const t of targetsOf(parseTargets(args)))
      targets.push({ ...t, namespace: namespaceFor(t.def, flags.namespace) });
  }

  const client = clientFor(flags);
  for (const { def, name, namespace } of targets) {
    try {
      await client.delete(kindPath(def, namespace, name));
      out(`${qualifiedKind(def)} "${name}" deleted`);
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      if (flags.ignoreNotFound && isNotFound(e)) continue;
      failed++;
      err(formatError(e));
    }
  }
  return failed > 0 ? 1 : 0;
}
