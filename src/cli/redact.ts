/**
 * Keeps Secret values out of CLI output: `data` values become `REDACTED` and `stringData` is dropped,
 * unless the user asked for them with `--show-secrets`.
 */
import { clone, isPlainObject, type KObject } from '../api/object.js';

export const REDACTED = 'REDACTED';

export const isSecret = (obj: KObject): boolean =>
  obj.kind === 'Secret' && (obj.apiVersion === 'v1' || !obj.apiVersion);

/** A copy of `obj` with Secret values replaced; other objects are returned unchanged. */
export function redact(obj: KObject): KObject {
  if (!isSecret(obj)) return obj;
  const copy = clone(obj);
  if (isPlainObject(copy.data)) {
    for (const key of Object.keys(copy.data)) copy.data[key] = REDACTED;
  }
  delete copy.stringData;
  return copy;
}

/** Byte length of each Secret data value (base64-decoded), as `kubectl describe` shows them. */
export function secretDataSizes(obj: KObject): Array<[string, number]> {
  const data = isPlainObject(obj.data) ? obj.data : {};
  return Object.keys(data)
    .sort()
    .map((key) => {
      const value = data[key];
      return [key, typeof value === 'string' ? Buffer.from(value, 'base64').length : 0];
    });
}
