/**
 * Fixtures shared by the CLI's unit tests: a Service kind with columns, and Service objects.
 */
import type { KindDef } from '../api/kind.js';
import type { KObject } from '../api/object.js';

export const serviceDef: KindDef = {
  group: 'serving.knative.dev',
  kind: 'Service',
  storedVersion: 'v1',
  versions: ['v1', 'v1alpha1'],
  plural: 'services',
  singular: 'service',
  shortNames: ['ksvc'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: ['Ready'],
  columns: [
    { header: 'URL', value: (o) => String(o.status?.url ?? '') },
    { header: 'LatestCreated', value: (o) => String(o.status?.latestCreatedRevisionName ?? ''), wide: true },
    { header: 'Ready', value: (o) => o.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? '' },
  ],
};

export const NOW = Date.parse('2024-05-01T12:00:00Z');

export const service = (name: string, namespace = 'default', extra: Partial<KObject> = {}): KObject => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name, namespace, creationTimestamp: '2024-05-01T11:57:00Z' },
  status: {
    url: `http://${name}.${namespace}.localhost:8080`,
    latestCreatedRevisionName: `${name}-00001`,
    conditions: [{ type: 'Ready', status: 'True' }],
  },
  ...extra,
});
