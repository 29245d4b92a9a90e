/**
 * DeleteOptions, from the query and from the request body as kubectl sends them
 * (`{"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"],"propagationPolicy":"Background"}`):
 * dry run, preconditions (uid, resourceVersion: a mismatch is a 409) and the propagation policy. Ebb
 * deletes dependents at once, in the same transaction, so Background and Foreground both mean that;
 * Orphan, which Ebb cannot do, is a 400 rather than a cascade the client asked not to have.
 */
import type { IncomingMessage } from 'node:http';
import { isPlainObject, type KObject } from '../../api/object.js';
import { badRequest, conflict } from '../../errors.js';
import { decodeObject, readBody } from '../body.js';
import { isDryRun } from './dry-run.js';

export interface DeleteOptions {
  dryRun: boolean;
  preconditions: { uid?: string; resourceVersion?: string };
}

const POLICIES = ['Background', 'Foreground', 'Orphan'];

export async function readDeleteOptions(
  req: IncomingMessage,
  query: URLSearchParams,
): Promise<DeleteOptions> {
  const raw = await readBody(req);
  const body = raw.length === 0 ? {} : decodeObject(raw, req.headers['content-type']);
  if (!isPlainObject(body)) throw badRequest('the DELETE body must be a DeleteOptions object');
  const dryRunBody = body.dryRun ?? [];
  if (!Array.isArray(dryRunBody)) throw badRequest('DeleteOptions.dryRun must be a list, e.g. ["All"]');
  const dryRun = isDryRun([...query.getAll('dryRun'), ...dryRunBody]);
  const policies = [query.get('propagationPolicy'), body.propagationPolicy].filter((p) => p != null);
  if (body.orphanDependents === true || query.get('orphanDependents') === 'true') policies.push('Orphan');
  for (const policy of policies) {
    if (!POLICIES.includes(String(policy))) {
      throw badRequest(`propagationPolicy must be one of ${POLICIES.join(', ')}, was: ${policy}`);
    }
    if (policy === 'Orphan') {
      throw badRequest(
        'propagationPolicy Orphan is not supported by Ebb: dependents are always deleted with their owner',
      );
    }
  }
  const pre = isPlainObject(body.preconditions) ? body.preconditions : {};
  return {
    dryRun,
    preconditions: {
      ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
      ...(typeof pre.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
    },
  };
}

/** Kubernetes' precondition failure: 409 Conflict naming what differed. */
export function checkPreconditions(
  obj: KObject,
  pre: DeleteOptions['preconditions'],
  group: string,
  plural: string,
): void {
  const name = obj.metadata.name ?? '';
  if (pre.uid !== undefined && pre.uid !== obj.metadata.uid) {
    throw conflict(
      group,
      plural,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`,
    );
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(
      group,
      plural,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`,
    );
  }
}
