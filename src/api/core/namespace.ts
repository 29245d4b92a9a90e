/** core/v1 Namespace: cluster-scoped, named by a DNS-1123 label (admission checks the name). */
import type { KindDef } from '../kind.js';
import { isPlainObject } from '../object.js';

export const NAMESPACE: KindDef = {
  group: '',
  kind: 'Namespace',
  storedVersion: 'v1',
  versions: ['v1'],
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  namespaced: false,
  hasStatus: false,
  conditionTypes: [],
  columns: [{ header: 'STATUS', value: (obj) => String(obj.status?.phase ?? '') }],
  setDefaults(obj) {
    // Ebb has no namespace lifecycle controller: a stored namespace is active until it is deleted.
    const status = isPlainObject(obj.status) ? obj.status : {};
    if (status.phase === undefined) status.phase = 'Active';
    obj.status = status;
  },
};
