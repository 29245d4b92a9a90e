/** Fixtures shared by the serving kinds' tests: a validation context and minimal objects. */
import assert from 'node:assert/strict';
import { admit } from '../admission.js';
import type { KindDef, ValidationContext } from '../kind.js';
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

/** Admits and returns the 422's causes (fails the test when admission passes). */
export function causesOf(def: KindDef, obj: KObject, c = ctx()) {
  try {
    admit(def, obj, c);
  } catch (err: any) {
    assert.equal(err.status, 422, err.message);
    return err.details.causes as { field: string; message: string }[];
  }
  assert.fail('expected a 422');
}

export function expectCause(causes: { field: string; message: string }[], field: string, message: string) {
  const hit = causes.find((c) => c.field === field && c.message.includes(message));
  assert.ok(hit, `no cause ${field} ~ "${message}" in ${JSON.stringify(causes, null, 1)}`);
}
