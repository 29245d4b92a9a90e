/**
 * Shape checks for untyped JSON input: a manifest can put a string where an object belongs, and the
 * validators must answer with a field error, never a TypeError.
 */
import { FieldError } from '../field-error.js';
import { isPlainObject } from '../object.js';

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

function matches(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === type;
  }
}

/** An error at `path` when `value` is present and not of `type` (absent values are not checked). */
export function wrongType(value: unknown, type: JsonType, path: string): FieldError | undefined {
  if (value === undefined || matches(value, type)) return undefined;
  return FieldError.of(`expected ${type}, got ${typeOf(value)}`, path);
}

/** Fields of `obj` not in `allowed`, as one error each (a typo'd field must not vanish silently). */
export function unknownFields(obj: Record<string, unknown>, allowed: readonly string[]): FieldError {
  let errs = FieldError.empty();
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) errs = errs.also(FieldError.of('unknown field', key));
  }
  return errs;
}

/** Keys whose values should be strings (labels, annotations, ConfigMap data). */
export function stringMapErrors(map: Record<string, unknown>, path: (key: string) => string): FieldError {
  let errs = FieldError.empty();
  for (const [key, value] of Object.entries(map)) {
    const err = wrongType(value, 'string', path(key));
    if (err) errs = errs.also(err);
  }
  return errs;
}

/** `obj[key]` when it is a plain object, else undefined. */
export function objectField(obj: unknown, key: string): Record<string, unknown> | undefined {
  if (!isPlainObject(obj)) return undefined;
  const value = obj[key];
  return isPlainObject(value) ? value : undefined;
}
