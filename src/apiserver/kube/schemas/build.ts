/**
 * Small constructors for the OpenAPI schemas Ebb publishes (core.ts, serving.ts, eventing.ts): typed
 * fields with their descriptions, objects with `required`, and `open` objects that keep
 * `x-kubernetes-preserve-unknown-fields` where Ebb accepts more than the schema describes.
 */
export type Schema = Record<string, unknown>;

export const str = (description: string, extra: Schema = {}): Schema => ({
  type: 'string',
  description,
  ...extra,
});
export const int = (description: string): Schema => ({ type: 'integer', format: 'int32', description });
export const int64 = (description: string): Schema => ({ type: 'integer', format: 'int64', description });
export const bool = (description: string): Schema => ({ type: 'boolean', description });
export const strList = (description: string): Schema => ({
  type: 'array',
  items: { type: 'string' },
  description,
});
export const strMap = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  description,
});
/**
 * An integer or a string (a port number or name, a quantity), published as Kubernetes publishes
 * k8s.io/apimachinery's IntOrString; kubectl explain shows it as <string>.
 */
export const intOrString = (description: string): Schema => ({
  type: 'string',
  format: 'int-or-string',
  'x-kubernetes-int-or-string': true,
  description,
});
export const time = (description: string): Schema => ({ type: 'string', format: 'date-time', description });

/** An object with the given fields; `required` lists the fields it must have. */
export function obj(
  description: string,
  properties: Record<string, Schema>,
  required: string[] = [],
): Schema {
  return { type: 'object', description, properties, ...(required.length ? { required } : {}) };
}

/** An object whose fields are described but not all: unknown fields are kept, never refused. */
export function open(
  description: string,
  properties: Record<string, Schema> = {},
  required: string[] = [],
): Schema {
  return { ...obj(description, properties, required), 'x-kubernetes-preserve-unknown-fields': true };
}

export const list = (description: string, items: Schema): Schema => ({ type: 'array', description, items });
