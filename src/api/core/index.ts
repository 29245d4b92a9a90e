/** Kubernetes core/v1 and rbac.authorization.k8s.io/v1 kinds Ebb accepts. */
import type { KindDef } from '../kind.js';
import { CONFIGMAP } from './configmap.js';
import { EVENT } from './event.js';
import { NAMESPACE } from './namespace.js';
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, ROLE, ROLE_BINDING, SERVICE_ACCOUNT } from './passthrough.js';
import { SECRET } from './secret.js';

export const CORE_KINDS: KindDef[] = [
  NAMESPACE,
  SECRET,
  CONFIGMAP,
  SERVICE_ACCOUNT,
  CLUSTER_ROLE,
  CLUSTER_ROLE_BINDING,
  ROLE,
  ROLE_BINDING,
  EVENT,
];

export {
  CLUSTER_ROLE,
  CLUSTER_ROLE_BINDING,
  CONFIGMAP,
  NAMESPACE,
  ROLE,
  ROLE_BINDING,
  SECRET,
  SERVICE_ACCOUNT,
};
