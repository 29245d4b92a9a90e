/**
 * The ResourceStore contract: durable, versioned storage of Kubernetes-shaped objects with watch.
 * Objects are identified by (resource, namespace, name) where `resource` is `plural.group` (e.g.
 * `services.serving.knative.dev`, `secrets` for core). The store does not validate kinds; the API server
 * does that before calling it. It owns metadata bookkeeping: uid, resourceVersion, generation,
 * creationTimestamp.
 */
import type { KObject } from '../api/object.js';

export interface ResourceRef {
  /** `plural.group`, or just `plural` for the core group. */
  resource: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  resource: string;
  object: KObject;
}

export interface ListOptions {
  /** Only this namespace; undefined = all namespaces. */
  namespace?: string;
  /** Kubernetes equality-based selector: `a=b,c!=d,e,!f`. */
  labelSelector?: string;
}

export interface ListResult {
  items: KObject[];
  /** The store's resourceVersion at the time of the list: watch from here to miss nothing. */
  resourceVersion: string;
}

export interface CreateOptions {
  /**
   * The kind has a status subresource: a client-provided `status` is dropped, as Kubernetes does for such
   * kinds. Without it the status is stored as given.
   * @defaultValue false
   */
  hasStatus?: boolean;
}

export interface UpdateOptions {
  /**
   * 'main': spec/metadata/data write; the stored status is kept (for kinds with a status subresource).
   * 'status': only `status` is taken from the given object; everything else is kept.
   */
  subresource?: 'main' | 'status';
  /** When the kind has a status subresource (status is preserved on main writes). */
  hasStatus?: boolean;
}

export interface WatchOptions {
  namespace?: string;
  /** Deliver every change after this resourceVersion (replayed from history) then live ones. */
  resourceVersion?: string;
  labelSelector?: string;
}

export interface Watcher {
  close(): void;
}

export interface ResourceStore {
  create(resource: string, obj: KObject, options?: CreateOptions): KObject;
  get(ref: ResourceRef): KObject | undefined;
  list(resource: string, options?: ListOptions): ListResult;
  /**
   * Replace an object. If `obj.metadata.resourceVersion` is set and is not the stored one → ConflictError.
   * `generation` increments only when `spec` changes (or, for kinds without spec, any non-metadata field).
   */
  update(resource: string, obj: KObject, options?: UpdateOptions): KObject;
  /** RFC 7386 JSON merge patch applied to the stored object, then stored as by `update`. */
  patch(ref: ResourceRef, mergePatch: unknown, options?: UpdateOptions): KObject;
  /** Deletes the object and, in the same transaction, every object that names it in ownerReferences. */
  delete(ref: ResourceRef): KObject;
  /** Calls `onEvent` for every change to `resource` ('*' = all resources) in resourceVersion order. */
  watch(resource: string, options: WatchOptions, onEvent: (event: WatchEvent) => void): Watcher;
  /** The latest resourceVersion the store has handed out. */
  currentResourceVersion(): string;
  close(): void;
}
