/**
 * Test helpers for the eventing kinds: contexts with ConfigMaps, the admission pipeline (convert →
 * setDefaults → validate) as the API server runs it, and field paths of an error.
 */
import type { FieldError } from '../field-error.js';
import type { KindDef, ValidationContext } from '../kind.js';
import type { KObject } from '../object.js';

/** A validation context whose ConfigMaps are `configs['namespace/name']`. */
export function testContext(
  configs: Record<string, Record<string, string>> = {},
  operation: 'create' | 'update' = 'create',
): ValidationContext {
  return { operation, config: (ns, name) => configs[`${ns}/${name}`] };
}

/** Runs convert → setDefaults → validate and returns the stored object and the error. */
export function admit(def: KindDef, input: KObject, ctx = testContext()): { obj: KObject; err: FieldError } {
  const obj = def.convert ? def.convert(input) : structuredClone(input);
  def.setDefaults?.(obj, ctx);
  const err = def.validate!(obj, ctx);
  return { obj, err };
}

/** The field paths of an error, sorted. */
export function fields(err: FieldError): string[] {
  return err
    .causes()
    .map((c) => c.field)
    .sort();
}

/** A manifest for `def` at its stored version. */
export function manifest(def: KindDef, spec: unknown, metadata: Partial<KObject['metadata']> = {}): KObject {
  return {
    apiVersion: `${def.group}/${def.storedVersion}`,
    kind: def.kind,
    metadata: { name: 'x', namespace: 'default', ...metadata },
    spec,
  };
}
