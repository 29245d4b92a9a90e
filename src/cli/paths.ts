/**
 * REST paths of the Kubernetes-shaped API: `/api/v1/...` for core kinds, `/apis/{group}/{version}/...`
 * otherwise, with `/namespaces/{ns}` for namespaced kinds when a namespace is given.
 */
import type { KindDef } from '../api/kind.js';
import { groupOf, versionOf } from '../api/object.js';

export interface PathTarget {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

/** Path of a collection (no name) or of one object. `namespace` undefined = all namespaces. */
export function resourcePath(
  target: PathTarget,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const parts = [target.group === '' ? `/api/${target.version}` : `/apis/${target.group}/${target.version}`];
  if (target.namespaced && namespace) parts.push('namespaces', encodeURIComponent(namespace));
  parts.push(target.plural);
  if (name !== undefined) parts.push(encodeURIComponent(name));
  if (subresource) parts.push(subresource);
  return parts.join('/');
}

/** Path at the kind's stored version. */
export const kindPath = (def: KindDef, namespace?: string, name?: string): string =>
  resourcePath(
    { group: def.group, version: def.storedVersion, plural: def.plural, namespaced: def.namespaced },
    namespace,
    name,
  );

/** Path at the object's own apiVersion (the server converts older versions on write). */
export const apiVersionPath = (def: KindDef, apiVersion: string, namespace?: string, name?: string): string =>
  resourcePath(
    {
      group: groupOf(apiVersion),
      version: versionOf(apiVersion),
      plural: def.plural,
      namespaced: def.namespaced,
    },
    namespace,
    name,
  );
