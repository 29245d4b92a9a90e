/**
 * `ebb apply -f PATH...`: creates each object, or replaces it when it already exists, Namespaces first.
 * One object's failure is reported and the others still apply; the exit code is 1 if any failed.
 * An object read from a file records that file's folder (source-dir.ts); one from stdin records nothing.
 */
import type { Command } from 'commander';
import type { KindDef } from '../../api/kind.js';
import { clone, type KObject } from '../../api/object.js';
import type { ApiClient } from '../client.js';
import { action, clientFor, err, type NamespaceFlags, out, withNamespace, withServer } from '../command.js';
import { ApiStatusError, CliError, formatError, UnreachableError } from '../errors.js';
import { kindOfObject } from '../kinds.js';
import { type Manifest, readManifests } from '../manifests.js';
import { objectRef } from '../names.js';
import { apiVersionPath, kindPath } from '../paths.js';
import { withSourceDir } from '../source-dir.js';

interface ApplyFlags extends NamespaceFlags {
  filename: string[];
  recursive?: boolean;
}

export function registerApply(program: Command): void {
  const cmd = program
    .command('apply')
    .description('Create or update resources from files, folders or stdin (-f -)')
    .requiredOption('-f, --filename <path...>', 'file, folder or - for stdin (repeatable)')
    .option('-R, --recursive', 'read folders recursively');
  withServer(withNamespace(cmd)).action(action((flags: ApplyFlags) => apply(flags)));
}

async function apply(flags: ApplyFlags): Promise<number> {
  const manifests = await readManifests(flags.filename, { recursive: flags.recursive ?? false });
  const client = clientFor(flags);
  const ordered = [
    ...manifests.filter((m) => isNamespace(m.object)),
    ...manifests.filter((m) => !isNamespace(m.object)),
  ];
  let failed = 0;
  for (const manifest of ordered) {
    try {
      const { ref, result } = await applyOne(client, manifest, flags.namespace);
      out(`${ref} ${result}`);
    } catch (e) {
      if (e instanceof UnreachableError) throw e;
      failed++;
      err(applyError(manifest, e));
    }
  }
  return failed > 0 ? 1 : 0;
}

const isNamespace = (obj: KObject): boolean => obj.kind === 'Namespace' && obj.apiVersion === 'v1';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

export async function applyOne(
  client: ApiClient,
  { source, object, dir }: Manifest,
  namespaceFlag: string | undefined,
): Promise<{ ref: string; result: ApplyResult }> {
  const def = kindOfObject(object.apiVersion, object.kind);
  if (!def) {
    throw new CliError(
      `unable to recognize "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"`,
    );
  }
  const body = prepare(def, dir ? withSourceDir(object, dir) : object, namespaceFlag);
  const ns = body.metadata.namespace;
  const name = body.metadata.name;
  try {
    const created = await client.create(apiVersionPath(def, object.apiVersion, ns), body);
    return { ref: objectRef(def, created?.metadata?.name ?? name), result: 'created' };
  } catch (e) {
    if (!(e instanceof ApiStatusError && e.status === 409 && e.reason === 'AlreadyExists') || !name) throw e;
  }
  const before = await client.get(kindPath(def, ns, name));
  const after = await client.replace(apiVersionPath(def, object.apiVersion, ns, name), body);
  const unchanged = after.metadata.resourceVersion === before.metadata.resourceVersion;
  return { ref: objectRef(def, name), result: unchanged ? 'unchanged' : 'configured' };
}

/** A copy to send: no resourceVersion, and the namespace defaulted (or checked against -n). */
export function prepare(def: KindDef, object: KObject, namespaceFlag: string | undefined): KObject {
  const body = clone(object);
  delete body.metadata.resourceVersion;
  if (!def.namespaced) {
    delete body.metadata.namespace;
    return body;
  }
  const own = body.metadata.namespace;
  if (own && namespaceFlag && own !== namespaceFlag) {
    throw new CliError(
      `the namespace from the provided object "${own}" does not match the namespace "${namespaceFlag}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  body.metadata.namespace = own || namespaceFlag || 'default';
  return body;
}

function applyError({ source }: Manifest, e: unknown): string {
  if (e instanceof ApiStatusError)
    return `Error from server (${e.reason}): error when applying "${source}": ${e.message}`;
  return formatError(e);
}
