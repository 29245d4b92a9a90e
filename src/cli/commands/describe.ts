/**
 * `ebb describe KIND [NAME...]`: kubectl-describe-like text for each object; Services and
 * Configurations also list their most recent Revisions.
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
  targetsOf,
  withNamespace,
  withServer,
} from '../command.js';
import { formatError, UnreachableError } from '../errors.js';
import { findKind } from '../kinds.js';
import { kindPath } from '../paths.js';
import { renderDescribe } from '../printers/describe.js';
import { sortObjects } from './get.js';

const SERVING_GROUP = 'serving.knative.dev';
/** Label that selects an owner's Revisions, by owner kind. */
const REVISION_OWNER_LABEL: Record<string, string> = {
  Service: 'serving.knative.dev/service',
  Configuration: 'serving.knative.dev/configuration',
};

export function registerDescribe(program: Command): void {
  const cmd = program
    .command('describe')
    .description('Show details of resources: metadata, spec, status, conditions')
    .argument('<kind>', 'kind or short name (or KIND/NAME)')
    .argument('[names...]', 'names of the objects (all in the namespace when omitted)');
  withServer(withNamespace(cmd)).action(
    action((kind: string, names: string[], flags: NamespaceFlags) => describe([kind, ...names], flags)),
  );
}

async function describe(args: string[], flags: NamespaceFlags): Promise<number> {
  const parsed = parseTargets(args, false);
  const client = clientFor(flags);
  let objects: Array<{ def: KindDef; obj: KObject }> = [];
  let failed = 0;
  if (!Array.isArray(parsed) && parsed.names.length === 0) {
    const list = await client.list(kindPath(parsed.def, namespaceFor(parsed.def, flags.namespace)));
    objects = sortObjects(list.items ?? []).map((obj) => ({ def: parsed.def, obj }));
  } else {
    for (const { def, name } of targetsOf(parsed)) {
      try {
        objects.push({ def, obj: await client.get(kindPath(def, namespaceFor(def, flags.namespace), name)) });
      } catch (e) {
        if (e instanceof UnreachableError) throw e;
        failed++;
        err(formatError(e));
      }
    }
  }
  const texts: string[] = [];
  for (const { def, obj } of objects) {
    const revisions = await revisionsOf(client, def, obj);
    texts.push(renderDescribe(obj, revisions ? { revisions } : {}));
  }
  if (texts.length > 0) out(texts.join('\n\n'));
  return failed > 0 ? 1 : 0;
}

async function revisionsOf(client: ApiClient, def: KindDef, obj: KObject): Promise<KObject[] | undefined> {
  const label = def.group === SERVING_GROUP ? REVISION_OWNER_LABEL[def.kind] : undefined;
  const revision = findKind('revisions.serving.knative.dev');
  if (!label || !revision) return undefined;
  const list = await client.list(kindPath(revision, obj.metadata.namespace), {
    labelSelector: `${label}=${obj.metadata.name}`,
  });
  return list.items ?? [];
}
