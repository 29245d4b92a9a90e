/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`, `kubectl apply --server-side`): the
 * applied configuration is merged into the live object (maps field by field, lists and scalars whole, as
 * Kubernetes does for schemas without list-type markers), fields the same manager applied before and no
 * longer applies are removed unless another manager applies them too, and each manager's fields are kept in
 * `metadata.managedFields` (FieldsV1). A field another applier owns with a different value is a 409
 * conflict naming it and the manager, unless `force=true`, which takes the field over.
 *
 * Ebb records ownership for appliers only: writes that are not applies (create, replace, merge and JSON
 * patches, controllers) take no fields, so they never conflict with an apply and an apply never conflicts
 * with them (docs/kubectl.md).
 */
import { clone, isPlainObject, type KObject } from '../../api/object.js';
import { ApiError, badRequest } from '../../errors.js';
import { rfc3339Seconds } from '../../store/bookkeeping.js';
import { jsonEqual } from '../../store/merge-patch.js';

/** A FieldsV1 tree: `{"f:spec":{"f:template":{...}}}`; a leaf is `{}`. */
interface Fields {
  [key: string]: Fields;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Fields;
  subresource?: string;
}

/** Never owned: identity and server-set fields, and status (a main-resource apply does not write it). */
const UNOWNED_TOP = new Set(['apiVersion', 'kind', 'status']);
const UNOWNED_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'selfLink',
]);

export interface ApplyRequest {
  manager: string;
  force: boolean;
  /** The apiVersion the configuration is applied at (recorded in managedFields). */
  apiVersion: string;
  now: Date;
}

export function parseApplyOptions(query: URLSearchParams): { manager: string; force: boolean } {
  const manager = query.get('fieldManager') ?? '';
  if (manager === '') {
    throw new ApiError(
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  const force = query.get('force');
  if (force !== null && force !== 'true' && force !== 'false')
    throw badRequest(`force must be true or false, was: ${force}`);
  return { manager, force: force === 'true' };
}

/** The fields a configuration sets. */
export function fieldsOf(config: Record<string, unknown>, top = true): Fields {
  const fields: Fields = {};
  for (const [key, value] of Object.entries(config)) {
    if (top && UNOWNED_TOP.has(key)) continue;
    if (key === 'metadata' && top && isPlainObject(value)) {
      const meta = Object.fromEntries(Object.entries(value).filter(([k]) => !UNOWNED_META.has(k)));
      if (Object.keys(meta).length > 0) fields['f:metadata'] = fieldsOf(meta, false);
      continue;
    }
    fields[`f:${key}`] = isPlainObject(value) && Object.keys(value).length > 0 ? fieldsOf(value, false) : {};
  }
  return fields;
}

/** Leaf paths of a FieldsV1 tree, as key lists. */
function leaves(fields: Fields, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, sub] of Object.entries(fields)) {
    const path = [...prefix, key.slice(2)];
    if (Object.keys(sub).length === 0) out.push(path);
    else out.push(...leaves(sub, path));
  }
  return out;
}

function valueAt(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

const isPrefix = (a: string[], b: string[]) => a.length <= b.length && a.every((k, i) => b[i] === k);
const dotted = (path: string[]) => `.${path.join('.')}`;

function removePath(fields: Fields, path: string[]): void {
  const [head, ...rest] = path;
  const key = `f:${head}`;
  if (!fields[key]) return;
  if (rest.length === 0) delete fields[key];
  else {
    removePath(fields[key], rest);
    if (Object.keys(fields[key]).length === 0) delete fields[key];
  }
}

function deleteAt(obj: Record<string, unknown>, path: string[]): void {
  const parent = valueAt(obj, path.slice(0, -1));
  if (isPlainObject(parent)) delete parent[path[path.length - 1]!];
}

/** Maps merge key by key; anything else in the configuration replaces. */
function mergeConfig(live: unknown, config: unknown): unknown {
  if (!isPlainObject(live) || !isPlainObject(config)) return clone(config);
  const out: Record<string, unknown> = { ...live };
  for (const [key, value] of Object.entries(config)) out[key] = mergeConfig(live[key], value);
  return out;
}

const metaOf = (obj: KObject) => obj.metadata as unknown as Record<string, unknown>;

export function managedFieldsOf(obj: KObject | undefined): ManagedFieldsEntry[] {
  const entries = obj && isPlainObject(obj.metadata) ? metaOf(obj).managedFields : undefined;
  return Array.isArray(entries) ? (entries.filter(isPlainObject) as unknown as ManagedFieldsEntry[]) : [];
}

/**
 * The object after applying `config` for `request.manager` to `live` (undefined: the apply creates it).
 * Throws a 409 listing every conflict when not forced.
 */
export function applyConfiguration(
  live: KObject | undefined,
  config: KObject,
  request: ApplyRequest,
): KObject {
  if (!isPlainObject(config) || !isPlainObject(config.metadata)) {
    throw badRequest('an apply configuration must be an object with apiVersion, kind and metadata');
  }
  const applied = fieldsOf(config);
  const mine = leaves(applied);
  const entries = managedFieldsOf(live).map((e) => ({ ...e, fieldsV1: clone(e.fieldsV1 ?? {}) }));
  const previous = entries.find((e) => e.manager === request.manager && e.operation === 'Apply');
  const others = entries.filter((e) => e !== previous);

  const conflicts: { manager: string; apiVersion: string; path: string[] }[] = [];
  for (const other of others) {
    for (const theirs of leaves(other.fieldsV1)) {
      for (const path of mine) {
        if (!isPrefix(theirs, path) && !isPrefix(path, theirs)) continue;
        const at = theirs.length <= path.length ? theirs : path;
        if (!jsonEqual(valueAt(live, at), valueAt(config, at))) {
          conflicts.push({ manager: other.manager, apiVersion: other.apiVersion, path: at });
        }
      }
    }
  }
  if (conflicts.length > 0 && !request.force) throw conflictError(conflicts);
  for (const c of conflicts) {
    for (const other of others) if (other.manager === c.manager) removePath(other.fieldsV1, c.path);
  }

  let next = clone(live ?? { apiVersion: config.apiVersion, kind: config.kind, metadata: {} }) as KObject;
  const ownedByOthers = others.flatMap((o) => leaves(o.fieldsV1));
  for (const path of previous ? leaves(previous.fieldsV1) : []) {
    const stillApplied = mine.some((p) => isPrefix(path, p) || isPrefix(p, path));
    const ownedElsewhere = ownedByOthers.some((p) => isPrefix(path, p) || isPrefix(p, path));
    if (!stillApplied && !ownedElsewhere) deleteAt(next, path);
  }
  const body = Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'status'));
  next = mergeConfig(next, body) as KObject;
  const entry: ManagedFieldsEntry = {
    manager: request.manager,
    operation: 'Apply',
    apiVersion: request.apiVersion,
    time: rfc3339Seconds(request.now),
    fieldsType: 'FieldsV1',
    fieldsV1: applied,
  };
  const kept = others.filter((o) => Object.keys(o.fieldsV1).length > 0);
  next.metadata = { ...next.metadata };
  metaOf(next).managedFields = [...kept, entry];
  return next;
}

function conflictError(conflicts: { manager: string; apiVersion: string; path: string[] }[]): ApiError {
  const text = conflicts.map((c) => `conflict with "${c.manager}" using ${c.apiVersion}: ${dotted(c.path)}`);
  const message =
    conflicts.length === 1
      ? `Apply failed with 1 conflict: ${text[0]}`
      : `Apply failed with ${conflicts.length} conflicts: ${text.join('\n')}`;
  return new ApiError(409, 'Conflict', message, {
    causes: conflicts.map((c) => ({
      reason: 'FieldManagerConflict',
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field: dotted(c.path),
    })),
  });
}
