/**
 * Server-side dry run (`?dryRun=All`, or `dryRun: ["All"]` in DeleteOptions): the writes the API server
 * makes go through a `Writes` — the store itself, or `dryRunWrites(store)`, which answers exactly what the
 * store would (the would-be object, AlreadyExists, NotFound, Conflict) from the store's own bookkeeping
 * functions without storing anything. Admission runs before either, so a dry run validates as a real write.
 */
import { randomUUID } from 'node:crypto';
import type { KObject } from '../../api/object.js';
import { alreadyExists, badRequest, conflict, notFound } from '../../errors.js';
import {
  assertObjectShape,
  generateName,
  nameRequired,
  namespaceOf,
  prepareCreate,
  prepareUpdate,
  splitResource,
} from '../../store/bookkeeping.js';
import { CONFLICT_MESSAGE } from '../../store/sqlite-store.js';
import type { CreateOptions, ResourceRef, ResourceStore, UpdateOptions } from '../../store/types.js';

/** The store's write half, as the API server uses it. */
export type Writes = Pick<ResourceStore, 'create' | 'update' | 'delete'>;

export const DRY_RUN_ALL = 'All';

/**
 * True when every given dryRun value is `All`; false when there are none. Any other value is a 400, as in
 * Kubernetes (`dryRun=true` would otherwise store what the client meant to try).
 */
export function isDryRun(values: readonly unknown[]): boolean {
  for (const v of values) {
    if (v !== DRY_RUN_ALL) {
      throw badRequest(`invalid dryRun value ${JSON.stringify(v)}: the only supported value is "All"`);
    }
  }
  return values.length > 0;
}

export function dryRunWrites(store: ResourceStore): Writes {
  const stored = (ref: ResourceRef): KObject => {
    const obj = store.get(ref);
    if (!obj) {
      const { group, plural } = splitResource(ref.resource);
      throw notFound(group, plural, ref.name);
    }
    return obj;
  };
  return {
    create(resource: string, obj: KObject, options: CreateOptions = {}): KObject {
      assertObjectShape(obj);
      const { group, plural } = splitResource(resource);
      const namespace = namespaceOf(obj);
      let name = obj.metadata.name;
      if (name) {
        if (store.get({ resource, namespace, name })) throw alreadyExists(group, plural, name);
      } else if (obj.metadata.generateName) {
        name = generateName(obj.metadata.generateName);
      } else {
        throw nameRequired(obj, group);
      }
      const next = prepareCreate(obj, {
        name,
        uid: randomUUID(),
        resourceVersion: '',
        now: new Date(),
        dropStatus: options.hasStatus === true,
      });
      delete next.metadata.resourceVersion; // none is consumed: Kubernetes answers without one
      return next;
    },
    update(resource: string, obj: KObject, options: UpdateOptions = {}): KObject {
      assertObjectShape(obj);
      const ref = { resource, namespace: namespaceOf(obj), name: obj.metadata.name ?? '' };
      if (!ref.name) throw nameRequired(obj, splitResource(resource).group);
      const old = stored(ref);
      const wanted = obj.metadata.resourceVersion as unknown;
      if (
        wanted !== undefined &&
        wanted !== null &&
        wanted !== '' &&
        String(wanted) !== old.metadata.resourceVersion
      ) {
        const { group, plural } = splitResource(resource);
        throw conflict(group, plural, ref.name, CONFLICT_MESSAGE);
      }
      return prepareUpdate(old, obj, options);
    },
    delete(ref: ResourceRef): KObject {
      return stored(ref);
    },
  };
}
