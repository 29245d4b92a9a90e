/**
 * The versions each kind is served at: its stored version, and the older versions (and legacy groups) it
 * accepts, such as `serving.knative.dev/v1alpha1` and `sources.eventing.knative.dev/v1alpha1`, so that
 * re-applying the write-up's older manifests with kubectl works. Objects are stored in one version; an
 * object read at an older version is the stored one relabelled, served only when that is exact: the kind's
 * conversion takes the relabelled object back to the stored one unchanged. Otherwise the read is a 500
 * that says to read it at the stored version, as a failing conversion webhook answers on a cluster.
 */
import { apiVersionOf, type KindDef } from '../../api/kind.js';
import { clone, type KObject } from '../../api/object.js';
import { ApiError } from '../../errors.js';
import { jsonEqual } from '../../store/merge-patch.js';
import { compareVersions } from './version-order.js';

export interface ServedVersion {
  group: string;
  version: string;
  /** A legacy group (advertised without short names and categories, which belong to the main one). */
  legacy: boolean;
}

const gvString = (group: string, version: string) => (group === '' ? version : `${group}/${version}`);

/** The stored version first, then the older accepted ones (newer-than-stored inputs are not served). */
export function servedVersionsOf(def: KindDef): ServedVersion[] {
  const versions = def.versions
    .filter((v) => v === def.storedVersion || compareVersions(def.storedVersion, v) < 0)
    .sort(compareVersions);
  return [
    ...versions.map((version) => ({ group: def.group, version, legacy: false })),
    ...(def.legacyGroups ?? []).flatMap((group) =>
      versions.map((version) => ({ group, version, legacy: true })),
    ),
  ];
}

export function isServedAt(def: KindDef, group: string, version: string): boolean {
  return servedVersionsOf(def).some((s) => s.group === group && s.version === version);
}

/** The apiVersion the request's URL asks for. */
export const requestedApiVersion = (group: string, version: string) => gvString(group, version);

/** `obj` (stored) as served at `apiVersion`. */
export function presentAt(def: KindDef, obj: KObject, apiVersion: string): KObject {
  const stored = apiVersionOf(def);
  if (apiVersion === stored || obj.apiVersion !== stored) return obj;
  const relabelled = { ...obj, apiVersion };
  let back: KObject;
  try {
    back = def.convert ? def.convert(clone(relabelled)) : clone(relabelled);
  } catch {
    back = relabelled;
  }
  if (jsonEqual({ ...back, apiVersion: stored }, obj)) return relabelled;
  throw new ApiError(
    500,
    'InternalError',
    `${def.kind} "${obj.metadata.name}" cannot be served as ${apiVersion}: it uses ${stored} fields that version lacks; read it at ${stored}`,
  );
}
