/**
 * The Kubernetes object shape every Ebb resource shares: apiVersion, kind, metadata, and kind-specific
 * fields (spec/status for most, data for Secrets and ConfigMaps).
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** A condition in Knative's shape (knative.dev/pkg/apis.Condition). */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  severity?: '' | 'Warning' | 'Info';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface Status {
  observedGeneration?: number;
  conditions?: Condition[];
  [field: string]: unknown;
}

/** Any stored object. Kind-specific fields are left open; each kind's module narrows them. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: Status;
  [field: string]: unknown;
}

/** Group and kind, the identity of a resource type independent of version. */
export interface GroupKind {
  group: string;
  kind: string;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** Deep copy through JSON: objects here are always plain JSON. */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
