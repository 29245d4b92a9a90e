/**
 * ObjectMeta validation as Kubernetes' `ValidateObjectMeta` does it: name or generateName, the kind's name
 * syntax, namespace presence matching the kind's scope, label and annotation syntax. Paths are relative
 * to `metadata`.
 */
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import { isPlainObject } from '../object.js';
import { typeOf, wrongType } from './fields.js';
import {
  invalidValueText,
  isDNS1123Label,
  isQualifiedName,
  isValidLabelValue,
  type NameValidator,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
} from './names.js';

/** Kubernetes' TotalAnnotationSizeLimitB. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** The name syntax Kubernetes applies to a kind: RBAC names are path segments, Namespaces DNS labels. */
export function nameValidatorFor(def: Pick<KindDef, 'group' | 'kind'>): NameValidator {
  if (def.group === 'rbac.authorization.k8s.io') return nameIsPathSegment;
  if (def.group === '' && def.kind === 'Namespace') return nameIsDNSLabel;
  return nameIsDNSSubdomain;
}

export interface MetaRules {
  namespaced: boolean;
  nameValidator: NameValidator;
}

export function validateObjectMeta(meta: unknown, rules: MetaRules): FieldError {
  if (!isPlainObject(meta)) return FieldError.of(`expected object, got ${typeOf(meta)}`, '');
  const nameType = wrongType(meta.name, 'string', 'name');
  const generateNameType = wrongType(meta.generateName, 'string', 'generateName');
  const namespaceType = wrongType(meta.namespace, 'string', 'namespace');
  let errs = FieldError.empty().also(nameType, generateNameType, namespaceType);
  const name = typeof meta.name === 'string' ? meta.name : '';
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : '';

  if (generateName !== '') {
    for (const msg of rules.nameValidator(generateName, true)) {
      errs = errs.also(FieldError.of(invalidValueText(generateName, msg), 'generateName'));
    }
  }
  if (name === '' && generateName === '' && !nameType) {
    errs = errs.also(FieldError.of('name or generateName is required', 'name', 'FieldValueRequired'));
  } else if (name !== '') {
    for (const msg of rules.nameValidator(name, false)) {
      errs = errs.also(FieldError.of(invalidValueText(name, msg), 'name'));
    }
  }

  const namespace = typeof meta.namespace === 'string' ? meta.namespace : '';
  if (rules.namespaced && !namespaceType) {
    if (namespace === '') errs = errs.also(FieldError.missing('namespace'));
    else
      for (const msg of isDNS1123Label(namespace)) {
        errs = errs.also(FieldError.of(invalidValueText(namespace, msg), 'namespace'));
      }
  } else if (!rules.namespaced && namespace !== '') {
    errs = errs.also(FieldError.of('not allowed on this type', 'namespace', 'FieldValueForbidden'));
  }

  return errs.also(
    validateLabels(meta.labels).viaField('labels'),
    validateAnnotations(meta.annotations).viaField('annotations'),
  );
}

/** Label keys are qualified names, values label values. Paths are `[key]`. */
export function validateLabels(labels: unknown): FieldError {
  if (labels === undefined || labels === null) return FieldError.empty();
  if (!isPlainObject(labels)) return FieldError.of(`expected object, got ${typeOf(labels)}`, '');
  let errs = FieldError.empty();
  for (const [key, value] of Object.entries(labels)) {
    for (const msg of isQualifiedName(key))
      errs = errs.also(FieldError.of(invalidValueText(key, msg), `[${key}]`));
    if (typeof value !== 'string') {
      errs = errs.also(FieldError.of(`expected string, got ${typeOf(value)}`, `[${key}]`));
      continue;
    }
    for (const msg of isValidLabelValue(value))
      errs = errs.also(FieldError.of(invalidValueText(value, msg), `[${key}]`));
  }
  return errs;
}

/** Annotation keys are qualified names (checked lowercased, as Kubernetes does); 256 KiB in total. */
export function validateAnnotations(annotations: unknown): FieldError {
  if (annotations === undefined || annotations === null) return FieldError.empty();
  if (!isPlainObject(annotations)) return FieldError.of(`expected object, got ${typeOf(annotations)}`, '');
  let errs = FieldError.empty();
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(key.toLowerCase())) {
      errs = errs.also(FieldError.of(invalidValueText(key, msg), `[${key}]`));
    }
    if (typeof value !== 'string')
      errs = errs.also(FieldError.of(`expected string, got ${typeOf(value)}`, `[${key}]`));
    else size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    errs = errs.also(
      FieldError.of(`Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes`, ''),
    );
  }
  return errs;
}

/** String-valued map or undefined, for reading labels/annotations after validation. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
