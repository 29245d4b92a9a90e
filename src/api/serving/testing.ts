/** Fixtures shared by the serving kinds' tests: a validation context and minimal objects. */
import type { ValidationContext } from '../kind.js';
import type { KObject } from '../object.js';

export const ctx = (
  configs: Record<string, Record<string, string>> = {},
  operation: 'create' | 'update' = 'create',
) => ({ operation, config: (ns: string, name: string) => configs[`${ns}/${name}`] }) as ValidationContext;

export function ksvc(mutate: (s: any) => void = () => {}): KObject {
  const obj: any = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'order-service', namespace: 'default' },
    spec: {
      template: {
        metadata: { annotations: {} as Record<string, string> },
        spec: { containers: [{ image: 'example/order:1', ports: [{ name: 'http1', containerPort: 8080 }] }] },
      },
    },
  };
  mutate(obj);
  return obj;
}

export const route = (traffic: unknown[]): KObject => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { traffic },
});
