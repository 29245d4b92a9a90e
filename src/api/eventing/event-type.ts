/**
 * EventType (eventing.knative.dev, stored at v1beta2 as in Knative): a registry entry describing a kind of
 * event (`type`, `source`, `schema`) and what produces it (`reference`). v1alpha1/v1beta1 had the same
 * fields; v1beta3 lists CloudEvents attributes, which conversion maps back to type/source/schema.
 * A v1beta1-style `broker` with no reference becomes a reference to that Broker.
 */
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { defaultKReference, upgradeRef, validateKReference } from './destination.js';
import {
  isObj,
  isSet,
  type Obj,
  pathColumn,
  READY_COLUMN,
  REASON_COLUMN,
  specOf,
  str,
  toStored,
  validateSpec,
} from './util.js';

export const EVENT_TYPE_CONDITIONS = ['Ready', 'ReferenceExists'];

/** v1beta3 attribute name → v1beta2 field. */
const ATTRIBUTE_FIELDS: Record<string, string> = { type: 'type', source: 'source', dataschema: 'schema' };

function fromAttributes(spec: Obj): void {
  if (!Array.isArray(spec.attributes)) return;
  for (const attr of spec.attributes) {
    if (!isObj(attr) || typeof attr.name !== 'string') continue;
    const field = ATTRIBUTE_FIELDS[attr.name];
    if (field && !isSet(spec[field]) && typeof attr.value === 'string') spec[field] = attr.value;
  }
  delete spec.attributes;
}

function convert(obj: KObject): KObject {
  const { out, from } = toStored(eventTypeKind, obj);
  if (from === eventTypeKind.storedVersion || !isObj(out.spec)) return out;
  fromAttributes(out.spec);
  if (isSet(out.spec.reference)) out.spec.reference = upgradeRef(out.spec.reference);
  return out;
}

function setDefaults(obj: KObject): void {
  const spec = specOf(obj);
  const broker = str(spec.broker);
  if (!isSet(spec.reference) && broker) {
    spec.reference = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: broker };
  }
  defaultKReference(spec.reference, obj.metadata?.namespace);
}

function hasSpaceOrControl(value: string): boolean {
  return /\s/.test(value) || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** A CloudEvents URI-reference: non-empty, no whitespace or control characters. */
function uriReferenceError(value: unknown, field: string): FieldError {
  if (!isSet(value)) return FieldError.empty();
  if (typeof value !== 'string' || value === '' || hasSpaceOrControl(value)) {
    return FieldError.invalidValue(value, field, 'expected a URI-reference');
  }
  return FieldError.empty();
}

function validate(obj: KObject): FieldError {
  return validateSpec(obj, (spec) => {
    let errs = FieldError.empty();
    if (!isSet(spec.type) || spec.type === '') errs = errs.also(FieldError.missing('type'));
    else if (typeof spec.type !== 'string') errs = errs.also(FieldError.invalidValue(spec.type, 'type'));
    errs = errs.also(uriReferenceError(spec.source, 'source'), uriReferenceError(spec.schema, 'schema'));
    if (isSet(spec.reference)) {
      errs = errs.also(validateKReference(spec.reference, obj.metadata?.namespace).viaField('reference'));
    }
    for (const field of ['broker', 'description', 'schemaData']) {
      if (isSet(spec[field]) && typeof spec[field] !== 'string') {
        errs = errs.also(FieldError.invalidValue(spec[field], field, 'expected a string'));
      }
    }
    return errs;
  });
}

export const eventTypeKind: KindDef = {
  group: 'eventing.knative.dev',
  kind: 'EventType',
  storedVersion: 'v1beta2',
  versions: ['v1alpha1', 'v1beta1', 'v1beta2', 'v1beta3', 'v1'],
  plural: 'eventtypes',
  singular: 'eventtype',
  shortNames: ['et'],
  namespaced: true,
  hasStatus: true,
  conditionTypes: EVENT_TYPE_CONDITIONS,
  columns: [
    pathColumn('TYPE', 'spec.type'),
    pathColumn('SOURCE', 'spec.source'),
    READY_COLUMN,
    REASON_COLUMN,
  ],
  convert,
  setDefaults,
  validate,
};
