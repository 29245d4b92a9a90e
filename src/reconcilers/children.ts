/**
 * Create-or-update of a controlled child: create it when missing, rewrite its spec/labels/annotations
 * when they drift from the desired object, refuse to touch an object of the same name that the parent
 * does not control (Knative's NotOwned).
 */

import type { KObject } from '../api/object.js';
import { isStatusEqual } from '../controller/reconciler.js';
import type { ResourceStore } from '../store/types.js';
import { isControlledBy } from './owner.js';

/** `created` is true when this call created the child (for Knative's "Created" events). */
export type ChildOutcome =
  | { object: KObject; notOwned: false; created?: boolean }
  | { object: KObject; notOwned: true; created?: boolean };

export function ensureChild(
  store: ResourceStore,
  resource: string,
  owner: KObject,
  desired: KObject,
): ChildOutcome {
  const ref = { resource, namespace: desired.metadata.namespace ?? '', name: desired.metadata.name };
  const existing = store.get(ref);
  if (!existing) return { object: store.create(resource, desired), notOwned: false, created: true };
  if (!isControlledBy(existing, owner)) return { object: existing, notOwned: true };
  const same =
    isStatusEqual(existing.spec, desired.spec) &&
    isStatusEqual(existing.metadata.labels ?? {}, desired.metadata.labels ?? {}) &&
    isStatusEqual(existing.metadata.annotations ?? {}, desired.metadata.annotations ?? {});
  if (same) return { object: existing, notOwned: false };
  const next: KObject = {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: desired.metadata.labels ?? {},
      annotations: desired.metadata.annotations ?? {},
    },
    spec: desired.spec,
  };
  if (!desired.metadata.annotations) delete next.metadata.annotations;
  return { object: store.update(resource, next, { subresource: 'main', hasStatus: true }), notOwned: false };
}

/** True when the child's status describes its current spec. */
export function isObserved(obj: KObject): boolean {
  return obj.status?.observedGeneration === obj.metadata.generation;
}
