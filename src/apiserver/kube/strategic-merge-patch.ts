/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for the built-in kinds Ebb stores, as
 * k8s.io/apimachinery's strategicpatch applies it: maps merge and `null` deletes; lists merge only where
 * k8s.io/api declares a patch strategy — by merge key for `metadata.ownerReferences` (uid) and a
 * ServiceAccount's `secrets` (name), as a set for `metadata.finalizers` — and are replaced elsewhere.
 * Directives: `$patch: replace|delete` (maps and list items), `$deleteFromPrimitiveList/<field>`,
 * `$retainKeys`, and `$setElementOrder/<field>` (order hints, ignored: the live order is kept and new items
 * are appended). Written by hand: no dependency implements it for plain JSON.
 */
import { isPlainObject } from '../../api/object.js';
import { badRequest } from '../../errors.js';

type Json = unknown;
type Obj = Record<string, Json>;

/** Dotted field path (`metadata.finalizers`) → how its list merges; lists not listed are replaced. */
export type ListStrategy = { mergeKey: string } | 'set';
const COMMON: Record<string, ListStrategy> = {
  'metadata.ownerReferences': { mergeKey: 'uid' },
  'metadata.finalizers': 'set',
};
const BY_KIND: Record<string, Record<string, ListStrategy>> = {
  ServiceAccount: { secrets: { mergeKey: 'name' } },
};

export function listStrategies(kind: string): Record<string, ListStrategy> {
  return { ...COMMON, ...(BY_KIND[kind] ?? {}) };
}

const set = (o: Obj, k: string, v: Json) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

export function applyStrategicMergePatch(
  target: Json,
  patch: Json,
  strategies: Record<string, ListStrategy>,
  path = '',
): Json {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'replace' && directive !== 'merge') {
    throw badRequest(
      `unknown strategic merge patch directive $patch: ${String(directive)} at ${path || '.'}`,
    );
  }
  const base: Obj = directive === 'replace' || !isPlainObject(target) ? {} : { ...target };
  const retain = patch.$retainKeys;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    const field = path ? `${path}.${key}` : key;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const name = key.slice('$deleteFromPrimitiveList/'.length);
      const drop = Array.isArray(value) ? value : [];
      if (Array.isArray(base[name]))
        set(
          base,
          name,
          (base[name] as Json[]).filter((v) => !drop.includes(v)),
        );
      continue;
    }
    if (key.startsWith('$'))
      throw badRequest(`unknown strategic merge patch directive ${key} at ${path || '.'}`);
    if (value === null) {
      delete base[key];
      continue;
    }
    const strategy = strategies[field];
    const merged =
      Array.isArray(value) && strategy && Array.isArray(base[key])
        ? mergeList(base[key] as Json[], value, strategy, strategies, field)
        : Array.isArray(value)
          ? value.filter((v) => !(isPlainObject(v) && v.$patch !== undefined)).map((v) => structuredClone(v))
          : applyStrategicMergePatch(base[key], value, strategies, field);
    if (merged === undefined) delete base[key];
    else set(base, key, merged);
  }
  if (Array.isArray(retain)) for (const key of Object.keys(base)) if (!retain.includes(key)) delete base[key];
  return base;
}

function mergeList(
  live: Json[],
  patch: Json[],
  strategy: ListStrategy,
  strategies: Record<string, ListStrategy>,
  field: string,
): Json[] {
  if (patch.some((v) => isPlainObject(v) && v.$patch === 'replace')) {
    return patch.filter((v) => !(isPlainObject(v) && v.$patch === 'replace')).map((v) => structuredClone(v));
  }
  if (strategy === 'set') return [...live, ...patch.filter((v) => !live.includes(v))];
  const key = strategy.mergeKey;
  const out = live.map((v) => structuredClone(v));
  for (const item of patch) {
    if (!isPlainObject(item) || !(key in item)) {
      throw badRequest(`the items of ${field} are merged by "${key}": every patch item needs it`);
    }
    const at = out.findIndex((v) => isPlainObject(v) && v[key] === item[key]);
    if (item.$patch === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = applyStrategicMergePatch(out[at], item, strategies, field);
    else out.push(applyStrategicMergePatch(undefined, item, strategies, field));
  }
  return out;
}
