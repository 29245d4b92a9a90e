/**
 * Kinds Ebb stores as they are, for manifests written for Kubernetes: ServiceAccount and the RBAC kinds.
 * Only metadata is validated (by admission); nothing in Ebb enforces RBAC.
 */
import type { Column, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { isPlainObject } from '../object.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const roleRefColumn: Column = {
  header: 'ROLE',
  value: (obj: KObject) => {
    const ref = obj.roleRef;
    return isPlainObject(ref) ? `${String(ref.kind ?? '')}/${String(ref.name ?? '')}` : '';
  },
};

const stored = (
  kind: string,
  group: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
): KindDef => ({
  group,
  kind,
  storedVersion: 'v1',
  versions: ['v1'],
  plural,
  singular: kind.toLowerCase(),
  shortNames,
  namespaced,
  hasStatus: false,
  conditionTypes: [],
});

export const SERVICE_ACCOUNT: KindDef = {
  ...stored('ServiceAccount', '', 'serviceaccounts', true, ['sa']),
  columns: [
    { header: 'SECRETS', value: (obj) => String(Array.isArray(obj.secrets) ? obj.secrets.length : 0) },
  ],
};
export const CLUSTER_ROLE: KindDef = stored('ClusterRole', RBAC_GROUP, 'clusterroles', false);
export const CLUSTER_ROLE_BINDING: KindDef = {
  ...stored('ClusterRoleBinding', RBAC_GROUP, 'clusterrolebindings', false),
  columns: [roleRefColumn],
};
export const ROLE: KindDef = stored('Role', RBAC_GROUP, 'roles', true);
export const ROLE_BINDING: KindDef = {
  ...stored('RoleBinding', RBAC_GROUP, 'rolebindings', true),
  columns: [roleRefColumn],
};
