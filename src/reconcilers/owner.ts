/** Owner references: how a child names the object that controls it (and is collected with it). */
import type { KObject, OwnerReference } from '../api/object.js';

export function controllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** True when `child` is controlled by `owner` (same uid). */
export function isControlledBy(child: KObject, owner: KObject): boolean {
  return (child.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}

/** Copies annotations minus the client's bookkeeping ones. */
export function filterAnnotations(
  annotations: Record<string, string> | undefined,
  drop: readonly string[],
): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotations)) if (!drop.includes(k)) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}
