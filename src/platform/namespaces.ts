/** Namespaces that exist from the first start, as on a fresh Knative cluster. */
import type { ResourceStore } from '../store/types.js';

export const SYSTEM_NAMESPACES = ['default', 'knative-serving', 'knative-eventing'];

export function ensureSystemNamespaces(store: ResourceStore): void {
  for (const name of SYSTEM_NAMESPACES) {
    if (store.get({ resource: 'namespaces', namespace: '', name })) continue;
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}
