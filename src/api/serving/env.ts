/**
 * A container's `env` and `envFrom` (Knative's validateEnv / validateEnvFrom). Values come literally or
 * from one Secret or ConfigMap key; `fieldRef` and `resourceFieldRef` name pod fields, which a local
 * process does not have, so Ebb rejects them (Knative hides them behind the kubernetes.podspec-fieldref
 * flag). Paths are relative to the container.
 */
import { typeOf, unknownFields, wrongType } from '../common/fields.js';
import { invalidValueText, isEnvVarName } from '../common/names.js';
import { FieldError } from '../field-error.js';
import { isPlainObject } from '../object.js';

const ENV_FIELDS = ['name', 'value', 'valueFrom'];
const VALUE_FROM_FIELDS = ['configMapKeyRef', 'fieldRef', 'resourceFieldRef', 'secretKeyRef'];
const KEY_REF_FIELDS = ['key', 'name', 'optional'];
const ENV_FROM_FIELDS = ['configMapRef', 'prefix', 'secretRef'];
const SOURCE_REF_FIELDS = ['name', 'optional'];
const UNSUPPORTED_SOURCES = ['fieldRef', 'resourceFieldRef'];
/** Set by the platform for every replica (Knative's reservedEnvVars): a container may not set them. */
export const RESERVED_ENV_VARS = new Set(['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION']);

const notObject = (value: unknown, path: string) =>
  FieldError.of(`expected object, got ${typeOf(value)}`, path);

export function validateEnv(env: unknown): FieldError {
  if (env === undefined || env === null) return FieldError.empty();
  if (!Array.isArray(env)) return FieldError.of(`expected array, got ${typeOf(env)}`, 'env');
  let errs = FieldError.empty();
  env.forEach((entry, i) => {
    errs = errs.also(validateEnvVar(entry).viaFieldIndex('env', i));
  });
  return errs;
}

function validateEnvVar(entry: unknown): FieldError {
  if (!isPlainObject(entry)) return notObject(entry, '');
  let errs = unknownFields(entry, ENV_FIELDS).also(wrongType(entry.value, 'string', 'value'));
  const { name } = entry;
  if (name === undefined || name === '') errs = errs.also(FieldError.missing('name'));
  else if (typeof name !== 'string') errs = errs.also(wrongType(name, 'string', 'name'));
  else if (RESERVED_ENV_VARS.has(name))
    errs = errs.also(FieldError.of(`"${name}" is a reserved environment variable`, 'name'));
  else
    for (const msg of isEnvVarName(name))
      errs = errs.also(FieldError.of(invalidValueText(name, msg), 'name'));
  if (entry.valueFrom !== undefined && entry.valueFrom !== null) {
    if (typeof entry.value === 'string' && entry.value !== '') {
      errs = errs.also(FieldError.multipleOneOf(['value', 'valueFrom']));
    }
    errs = errs.also(validateValueFrom(entry.valueFrom).viaField('valueFrom'));
  }
  return errs;
}

function validateValueFrom(source: unknown): FieldError {
  if (!isPlainObject(source)) return notObject(source, '');
  let errs = unknownFields(source, VALUE_FROM_FIELDS);
  const unsupported = UNSUPPORTED_SOURCES.filter((k) => source[k] !== undefined && source[k] !== null);
  for (const k of unsupported) {
    errs = errs.also(
      FieldError.of(
        'must not set the field(s)',
        k,
        'FieldValueForbidden',
        `${k} is not supported: Ebb runs replicas as local processes, which have no pod fields; use value, secretKeyRef or configMapKeyRef`,
      ),
    );
  }
  const refs = ['configMapKeyRef', 'secretKeyRef'].filter(
    (k) => source[k] !== undefined && source[k] !== null,
  );
  if (refs.length === 0 && unsupported.length === 0)
    errs = errs.also(FieldError.oneOf(['configMapKeyRef', 'secretKeyRef']));
  if (refs.length > 1) errs = errs.also(FieldError.multipleOneOf(refs));
  for (const k of refs) errs = errs.also(validateKeyRef(source[k]).viaField(k));
  return errs;
}

function validateKeyRef(ref: unknown): FieldError {
  if (!isPlainObject(ref)) return notObject(ref, '');
  let errs = unknownFields(ref, KEY_REF_FIELDS).also(wrongType(ref.optional, 'boolean', 'optional'));
  for (const k of ['name', 'key']) {
    if (ref[k] === undefined || ref[k] === '') errs = errs.also(FieldError.missing(k));
    else errs = errs.also(wrongType(ref[k], 'string', k));
  }
  return errs;
}

export function validateEnvFrom(envFrom: unknown): FieldError {
  if (envFrom === undefined || envFrom === null) return FieldError.empty();
  if (!Array.isArray(envFrom)) return FieldError.of(`expected array, got ${typeOf(envFrom)}`, 'envFrom');
  let errs = FieldError.empty();
  envFrom.forEach((entry, i) => {
    errs = errs.also(validateEnvFromSource(entry).viaFieldIndex('envFrom', i));
  });
  return errs;
}

function validateEnvFromSource(entry: unknown): FieldError {
  if (!isPlainObject(entry)) return notObject(entry, '');
  let errs = unknownFields(entry, ENV_FROM_FIELDS).also(wrongType(entry.prefix, 'string', 'prefix'));
  const refs = ['configMapRef', 'secretRef'].filter((k) => entry[k] !== undefined && entry[k] !== null);
  if (refs.length === 0) errs = errs.also(FieldError.oneOf(['configMapRef', 'secretRef']));
  if (refs.length > 1) errs = errs.also(FieldError.multipleOneOf(refs));
  for (const k of refs) {
    const ref = entry[k];
    if (!isPlainObject(ref)) {
      errs = errs.also(notObject(ref, k));
      continue;
    }
    errs = errs.also(unknownFields(ref, SOURCE_REF_FIELDS).viaField(k));
    if (ref.name === undefined || ref.name === '') errs = errs.also(FieldError.missing(`${k}.name`));
    else errs = errs.also(wrongType(ref.name, 'string', `${k}.name`));
  }
  return errs;
}
