/**
 * core/v1 Secret. `stringData` is folded into `data` as base64 on write (Kubernetes does the same and
 * never stores stringData); `data` values must be standard padded base64, reported the way kubectl
 * reports them (`illegal base64 data at input byte 0`); type-specific required keys are checked. The
 * `get` columns show only the number of keys, never values.
 */
import { base64DecodedLength, base64Error, encodeBase64 } from '../common/base64.js';
import { unknownFields, wrongType } from '../common/fields.js';
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import { isPlainObject, type KObject } from '../object.js';
import { tooLong, validateDataMap, validateImmutableData } from './data-keys.js';

const SECRET_FIELDS = ['apiVersion', 'kind', 'metadata', 'data', 'stringData', 'type', 'immutable'];

/** Keys a Secret of a given type must have (Kubernetes' ValidateSecret). */
const REQUIRED_KEYS: Record<string, string[][]> = {
  'kubernetes.io/dockercfg': [['.dockercfg']],
  'kubernetes.io/dockerconfigjson': [['.dockerconfigjson']],
  'kubernetes.io/basic-auth': [['username', 'password']],
  'kubernetes.io/ssh-auth': [['ssh-privatekey']],
  'kubernetes.io/tls': [['tls.crt'], ['tls.key']],
};

export const SECRET: KindDef = {
  group: '',
  kind: 'Secret',
  storedVersion: 'v1',
  versions: ['v1'],
  plural: 'secrets',
  singular: 'secret',
  shortNames: [],
  namespaced: true,
  hasStatus: false,
  conditionTypes: [],
  columns: [
    { header: 'TYPE', value: (obj) => String(obj.type ?? '') },
    { header: 'DATA', value: (obj) => String(isPlainObject(obj.data) ? Object.keys(obj.data).length : 0) },
  ],
  setDefaults(obj) {
    if (obj.type === undefined || obj.type === '') obj.type = 'Opaque';
    foldStringData(obj);
  },
  validate(obj) {
    let errs = unknownFields(obj, SECRET_FIELDS).also(
      wrongType(obj.type, 'string', 'type'),
      wrongType(obj.immutable, 'boolean', 'immutable'),
      validateDataMap(obj.stringData, 'stringData'),
    );
    const dataErrs = validateDataMap(obj.data, 'data');
    errs = errs.also(dataErrs);
    if (!isPlainObject(obj.data)) return errs.also(requiredKeys(obj, {}));
    let size = 0;
    for (const [key, value] of Object.entries(obj.data)) {
      if (typeof value !== 'string') continue;
      const bad = base64Error(value);
      if (bad) errs = errs.also(FieldError.of(bad, `data.${key}`));
      else size += key.length + base64DecodedLength(value);
    }
    return errs.also(tooLong(size, 'data'), requiredKeys(obj, obj.data));
  },
  validateUpdate(oldObj, newObj) {
    let errs = validateImmutableData(oldObj, newObj, ['data']);
    if ((oldObj.type ?? 'Opaque') !== (newObj.type ?? 'Opaque')) {
      errs = errs.also(FieldError.of('field is immutable', 'type', 'FieldValueInvalid'));
    }
    return errs;
  },
};

/** stringData entries win over data entries of the same key, as in Kubernetes. */
function foldStringData(obj: KObject): void {
  const stringData = obj.stringData;
  if (!isPlainObject(stringData)) return;
  if (!Object.values(stringData).every((v) => typeof v === 'string')) return; // left for validation to report
  if (obj.data !== undefined && obj.data !== null && !isPlainObject(obj.data)) return;
  const data: Record<string, unknown> = isPlainObject(obj.data) ? obj.data : {};
  for (const [key, value] of Object.entries(stringData)) data[key] = encodeBase64(value as string);
  obj.data = data;
  delete obj.stringData;
}

function requiredKeys(obj: KObject, data: Record<string, unknown>): FieldError {
  let errs = FieldError.empty();
  const type = typeof obj.type === 'string' ? obj.type : '';
  for (const anyOf of REQUIRED_KEYS[type] ?? []) {
    if (!anyOf.some((k) => data[k] !== undefined)) errs = errs.also(FieldError.missing(`data.${anyOf[0]}`));
  }
  if (type === 'kubernetes.io/service-account-token') {
    const name = obj.metadata?.annotations?.['kubernetes.io/service-account.name'];
    if (!name)
      errs = errs.also(FieldError.missing('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  return errs;
}
