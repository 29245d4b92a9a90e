/**
 * The schemas Ebb publishes in OpenAPI: one per kind and served version, named as kube-apiserver names
 * them (`dev.knative.serving.v1.Service`, `io.k8s.api.core.v1.ConfigMap`) and tagged with
 * `x-kubernetes-group-version-kind`, plus ObjectMeta. apiVersion, kind and metadata are typed. The serving
 * kinds, Broker and Trigger have their spec and status described field by field at their stored version
 * (schemas/), for `kubectl explain`; the other kinds' own top-level fields (spec, status, data, rules ...)
 * are open objects. Either way unknown fields below the top level are kept
 * (`x-kubernetes-preserve-unknown-fields`): field validation checks the shape of a manifest (no unknown
 * top-level or metadata fields) and leaves field checks to admission, which names the field path of every
 * error.
 */
import type { KindDef } from '../../api/kind.js';
import { describedKind } from './schemas/index.js';

export type Schema = Record<string, unknown>;

export const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const open: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
const str: Schema = { type: 'string' };
const strMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const openList: Schema = { type: 'array', items: open };
/** A list strategic merge patch merges by `key` (strategic-merge-patch.ts; k8s.io/api's patch tags). */
const mergedBy = (key: string): Schema => ({
  ...openList,
  'x-kubernetes-patch-merge-key': key,
  'x-kubernetes-patch-strategy': 'merge',
});

/** Top-level fields of the built-in kinds besides apiVersion, kind and metadata (k8s.io/api). */
const BUILT_IN_FIELDS: Record<string, Record<string, Schema>> = {
  '/ConfigMap': { data: strMap, binaryData: strMap, immutable: { type: 'boolean' } },
  '/Secret': { data: strMap, stringData: strMap, type: str, immutable: { type: 'boolean' } },
  '/ServiceAccount': {
    secrets: mergedBy('name'),
    imagePullSecrets: openList,
    automountServiceAccountToken: { type: 'boolean' },
  },
  '/Namespace': { spec: open, status: open },
  'rbac.authorization.k8s.io/ClusterRole': { rules: openList, aggregationRule: open },
  'rbac.authorization.k8s.io/Role': { rules: openList },
  'rbac.authorization.k8s.io/ClusterRoleBinding': { roleRef: open, subjects: openList },
  'rbac.authorization.k8s.io/RoleBinding': { roleRef: open, subjects: openList },
  'batch/Job': { spec: open, status: open },
};

/** `dev.knative.serving.v1.Service` for a CRD's group; `io.k8s.api.<group>.v1.<Kind>` for built-ins. */
export function schemaName(def: KindDef, group = def.group, version = def.storedVersion): string {
  if (group.endsWith('knative.dev')) return `${group.split('.').reverse().join('.')}.${version}.${def.kind}`;
  const short = group === '' ? 'core' : group.split('.')[0]!;
  return `io.k8s.api.${short}.${version}.${def.kind}`;
}

export const gvkOf = (def: KindDef, group = def.group, version = def.storedVersion) => ({
  group,
  kind: def.kind,
  version,
});

/** The kind's schema as served at `group`/`version` (its stored version unless given). */
export function kindSchema(def: KindDef, group = def.group, version = def.storedVersion): Schema {
  const described = version === def.storedVersion ? describedKind(def.group, def.kind) : undefined;
  const own = described?.fields ??
    BUILT_IN_FIELDS[`${def.group}/${def.kind}`] ?? {
      spec: open,
      ...(def.hasStatus ? { status: open } : {}),
    };
  const about = `${def.kind} (${group || 'core'}/${version}), as Ebb serves it.`;
  return {
    description: described ? `${described.description} ${about}` : about,
    type: 'object',
    properties: {
      apiVersion: {
        description: 'APIVersion defines the versioned schema of this representation of an object.',
        type: 'string',
      },
      kind: {
        description: 'Kind is a string value representing the REST resource this object represents.',
        type: 'string',
      },
      metadata: { ...ref(OBJECT_META), description: "Standard object's metadata." },
      ...own,
    },
    'x-kubernetes-group-version-kind': [gvkOf(def, group, version)],
  };
}

export function objectMetaSchema(): Schema {
  const time: Schema = { type: 'string', format: 'date-time' };
  return {
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    type: 'object',
    properties: {
      name: str,
      generateName: str,
      namespace: str,
      uid: str,
      resourceVersion: str,
      generation: { type: 'integer', format: 'int64' },
      creationTimestamp: time,
      deletionTimestamp: time,
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      labels: strMap,
      annotations: strMap,
      ownerReferences: mergedBy('uid'),
      finalizers: { type: 'array', items: str, 'x-kubernetes-patch-strategy': 'merge' },
      managedFields: openList,
      selfLink: str,
    },
  };
}
