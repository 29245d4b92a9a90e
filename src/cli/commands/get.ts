/**
 * `ebb get KIND [NAME...]`: a table (NAME, the kind's columns, AGE; NAMESPACE first with -A), or json,
 * yaml, wide, name. With -w it keeps printing rows as objects change.
 */
import type { Command } from 'commander';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import type { ApiClient } from '../client.js';
import {
  action,
  clientFor,
  err,
  type NamespaceFlags,
  namespaceFor,
  out,
  parseTargets,
  withNamespace,
  withServer,
} from '../command.js';
import { CliError, formatError, UnreachableError } from '../errors.js';
import { objectRef } from '../names.js';
import { kindPath } from '../paths.js';
import { type OutputMode, parseOutputMode, renderObjects, toYaml } from '../printers/output.js';
import { columnWidths, formatRow, objectHeaders, objectRow } from '../printers/table.js';
import { redact } from '../redact.js';

interface GetFlags extends NamespaceFlags {
  allNamespaces?: boolean;
  output?: string;
  selector?: string;
  showSecrets?: boolean;
  watch?: boolean;
}

export function registerGet(program: Command): void {
  const cmd = program
    .command('get')
    .description('List resources, or show some by name')
    .argument(
      '<kind>',
      'kind or short name: ksvc, rev, route, broker, trigger, cm, secret, ns, ... (or KIND/NAME)',
    )
    .argument('[names...]', 'names of the objects')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-o, --output <format>', 'json, yaml, wide or name')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=db')
    .option('--show-secrets', 'print Secret values in json/yaml output')
    .option('-w, --watch', 'after listing, watch for changes');
  withServer(withNamespace(cmd)).action(
    action((kind: string, names: string[], flags: GetFlags) => get([kind, ...names], flags)),
  );
}

async function get(args: string[], flags: GetFlags): Promise<number> {
  const parsed = parseTargets(args, false);
  const def = Array.isArray(parsed) ? parsed[0]!.def : parsed.def;
  const names = Array.isArray(parsed) ? parsed.map((t) => t.name) : parsed.names;
  if (Array.isArray(parsed) && parsed.some((t) => t.def !== def))
    throw new CliError('ebb get takes one kind at a time');
  const mode = parseOutputMode(flags.output);
  if (flags.allNamespaces && names.length > 0)
    throw new CliError('a resource cannot be retrieved by name across all namespaces');
  if (flags.selector && names.length > 0)
    throw new CliError('name cannot be provided when a selector is specified');
  const allNamespaces = (flags.allNamespaces ?? false) && def.namespaced;
  const namespace = allNamespaces ? undefined : namespaceFor(def, flags.namespace);
  const client = clientFor(flags);

  let failed = 0;
  const objects: KObject[] = [];
  let resourceVersion: string | undefined;
  if (names.length > 0) {
    for (const name of names) {
      try {
        objects.push(await client.get(kindPath(def, namespace, name)));
      } catch (e) {
        if (e instanceof UnreachableError) throw e;
        failed++;
        err(formatError(e));
      }
    }
  } else {
    const list = await client.list(kindPath(def, namespace), { labelSelector: flags.selector || undefined });
    objects.push(...sortObjects(list.items ?? []));
    resourceVersion = list.metadata?.resourceVersion;
  }

  const opts = { mode, single: names.length === 1, allNamespaces, showSecrets: flags.showSecrets ?? false };
  const nothing = objects.length === 0;
  if (!nothing || (names.length === 0 && !flags.watch)) out(renderObjects(def, objects, opts));
  if (nothing && names.length === 0 && mode !== 'json' && mode !== 'yaml') {
    err(namespace ? `No resources found in ${namespace} namespace.` : 'No resources found');
  }
  if (flags.watch)
    await watch(client, def, namespace, names, objects, resourceVersion, flags, mode, allNamespaces);
  return failed > 0 ? 1 : 0;
}

export function sortObjects(items: KObject[]): KObject[] {
  const key = (o: KObject) => `${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function watch(
  client: ApiClient,
  def: KindDef,
  namespace: string | undefined,
  names: string[],
  initial: KObject[],
  resourceVersion: string | undefined,
  flags: GetFlags,
  mode: OutputMode,
  allNamespaces: boolean,
): Promise<void> {
  const tableOpts = { wide: mode === 'wide', allNamespaces };
  const widths = columnWidths([
    objectHeaders(def, tableOpts),
    ...initial.map((o) => objectRow(def, o, tableOpts)),
  ]);
  let headerShown = initial.length > 0;
  const query = { resourceVersion, labelSelector: flags.selector || undefined };
  for await (const event of client.watch(kindPath(def, namespace), query)) {
    const obj = event.object;
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED' && event.type !== 'DELETED') continue;
    if (names.length > 0 && !names.includes(obj?.metadata?.name)) continue;
    const shown = flags.showSecrets ? obj : redact(obj);
    if (mode === 'json') out(JSON.stringify(shown, null, 2));
    else if (mode === 'yaml') out(`---\n${toYaml(shown)}`);
    else if (mode === 'name') out(objectRef(def, obj.metadata.name));
    else {
      const row = objectRow(def, obj, tableOpts);
      if (!headerShown) {
        const header = objectHeaders(def, tableOpts);
        const grown = columnWidths([header, row]);
        for (let i = 0; i < grown.length; i++) widths[i] = Math.max(widths[i] ?? 0, grown[i]!);
        out(formatRow(header, widths));
        headerShown = true;
      }
      out(formatRow(row, widths));
    }
  }
}
