/**
 * core/v1 ConfigMap: string `data` and base64 `binaryData` under valid, non-overlapping keys, 1 MiB in
 * all. Knative's settings (`config-defaults`, `config-autoscaler`, `config-domain`, ...) live here.
 */
import { base64DecodedLength, base64Error } from '../common/base64.js';
import { unknownFields, wrongType } from '../common/fields.js';
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import { isPlainObject } from '../object.js';
import { tooLong, validateDataMap, validateImmutableData } from './data-keys.js';

const CONFIGMAP_FIELDS = ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'];

export const CONFIGMAP: KindDef = {
  group: '',
  kind: 'ConfigMap',
  storedVersion: 'v1',
  versions: ['v1'],
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  namespaced: true,
  hasStatus: false,
  conditionTypes: [],
  columns: [
    {
      header: 'DATA',
      value: (obj) =>
        String(
          (isPlainObject(obj.data) ? Object.keys(obj.data).length : 0) +
            (isPlainObject(obj.binaryData) ? Object.keys(obj.binaryData).length : 0),
        ),
    },
  ],
  validate(obj) {
    let errs = unknownFields(obj, CONFIGMAP_FIELDS).also(
      wrongType(obj.immutable, 'boolean', 'immutable'),
      validateDataMap(obj.data, 'data'),
      validateDataMap(obj.binaryData, 'binaryData'),
    );
    let size = 0;
    const data = isPlainObject(obj.data) ? obj.data : {};
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string') size += key.length + Buffer.byteLength(value);
    }
    for (const [key, value] of Object.entries(isPlainObject(obj.binaryData) ? obj.binaryData : {})) {
      if (typeof value !== 'string') continue;
      if (key in data) {
        errs = errs.also(
          FieldError.of(`Invalid value: "${key}": duplicate of key present in data`, `binaryData.${key}`),
        );
      }
      const bad = base64Error(value);
      if (bad) errs = errs.also(FieldError.of(bad, `binaryData.${key}`));
      else size += key.length + base64DecodedLength(value);
    }
    return errs.also(tooLong(size, ''));
  },
  validateUpdate(oldObj, newObj) {
    return validateImmutableData(oldObj, newObj, ['data', 'binaryData']);
  },
};
