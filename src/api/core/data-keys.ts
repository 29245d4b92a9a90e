/**
 * The `data` maps of Secrets and ConfigMaps: key syntax (Kubernetes' IsConfigMapKey), the 1 MiB size
 * limit, and the `immutable` flag's update rule. Paths are `data.<key>`.
 */
import { jsonEqual } from '../common/diff.js';
import { typeOf } from '../common/fields.js';
import { invalidValueText, isConfigMapKey } from '../common/names.js';
import { FieldError } from '../field-error.js';
import type { KObject } from '../object.js';
import { isPlainObject } from '../object.js';

/** Kubernetes' MaxSecretSize and the ConfigMap limit (corev1.MaxSecretSize). */
export const MAX_DATA_SIZE_BYTES = 1024 * 1024;

/** Checks a data map is an object of strings with valid keys. */
export function validateDataMap(data: unknown, field: string): FieldError {
  if (data === undefined || data === null) return FieldError.empty();
  if (!isPlainObject(data)) return FieldError.of(`expected object, got ${typeOf(data)}`, field);
  let errs = FieldError.empty();
  for (const [key, value] of Object.entries(data)) {
    const path = `${field}.${key}`;
    for (const msg of isConfigMapKey(key)) errs = errs.also(FieldError.of(invalidValueText(key, msg), path));
    if (typeof value !== 'string')
      errs = errs.also(FieldError.of(`expected string, got ${typeOf(value)}`, path));
  }
  return errs;
}

export function tooLong(size: number, path: string): FieldError {
  return size > MAX_DATA_SIZE_BYTES
    ? FieldError.of(`Too long: must have at most ${MAX_DATA_SIZE_BYTES} bytes`, path, 'FieldValueTooLong')
    : FieldError.empty();
}

/** Once `immutable: true` is stored, the data fields and the flag itself cannot change. */
export function validateImmutableData(oldObj: KObject, newObj: KObject, fields: string[]): FieldError {
  if (oldObj.immutable !== true) return FieldError.empty();
  let errs = FieldError.empty();
  if (newObj.immutable !== true) {
    errs = errs.also(
      FieldError.of('field is immutable when `immutable` is set', 'immutable', 'FieldValueForbidden'),
    );
  }
  for (const field of fields) {
    if (!jsonEqual(oldObj[field], newObj[field])) {
      errs = errs.also(
        FieldError.of('field is immutable when `immutable` is set', field, 'FieldValueForbidden'),
      );
    }
  }
  return errs;
}
