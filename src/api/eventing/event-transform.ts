/**
 * EventTransform (eventing.knative.dev/v1alpha1): a declarative transformation of the events sent to its
 * address, by a JSONata expression (`spec.jsonata.expression`), sent on to `spec.sink` or answered as the
 * reply; `spec.reply` transforms (`jsonata`) or discards (`discard: true`) what the sink answers.
 *
 * Validation is Knative's (eventtransform_validation.go) — exactly one transformation type, reply only
 * with a sink, reply's jsonata and discard mutually exclusive, no `sink.CACerts` for JSONata, the
 * transformation type immutable — with one addition: Knative cannot parse JSONata in Go and leaves a bad
 * expression to fail in the transformer's pod; Ebb compiles it with the `jsonata` package (the reference
 * implementation the transformer runs) and refuses a syntax error at apply time, naming the field.
 */
import jsonata from 'jsonata';
import { FieldError } from '../field-error.js';
import type { Column, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { defaultDestination, validateDestination } from './destination.js';
import {
  isObj,
  isSet,
  type Obj,
  READY_COLUMN,
  REASON_COLUMN,
  readSpec,
  SINK_COLUMN,
  specOf,
  toStored,
  URL_COLUMN,
  validateSpec,
} from './util.js';

/** Knative's TransformCondSet (Ready first); the JSONata sub-conditions are written as they apply. */
export const EVENT_TRANSFORM_CONDITIONS = [
  'Ready',
  'Addressable',
  'EventPoliciesReady',
  'TransformationReady',
];

/** The CRD's printer columns: URL, SINK, READY, REASON. */
export const EVENT_TRANSFORM_COLUMNS: Column[] = [URL_COLUMN, SINK_COLUMN, READY_COLUMN, REASON_COLUMN];

const TRANSFORMATION_TYPES = ['jsonata'] as const;

const CA_CERTS_MESSAGE =
  'CACerts for the sink is not supported for JSONata transformations, to propagate CA trust bundles use labeled ConfigMaps: ' +
  'https://knative.dev/docs/eventing/features/transport-encryption/#configure-additional-ca-trust-bundles';

const IMMUTABLE_SUGGESTION =
  'Suggestion: create a new transformation, migrate services to the new one, and delete this transformation.';

interface JsonataError {
  code?: string;
  position?: number;
  token?: string;
  message?: string;
}

/**
 * Why a JSONata expression does not compile (jsonata's message, code and position), or undefined when it
 * does. Exported for the data plane's tests and the reconciler, which compile the same way.
 */
export function jsonataSyntaxError(expression: string): string | undefined {
  try {
    jsonata(expression);
    return undefined;
  } catch (error) {
    const e = error as JsonataError;
    const where = typeof e.position === 'number' ? `, position ${e.position}` : '';
    return `${e.message ?? String(error)} (${e.code ?? 'error'}${where})`;
  }
}

/** The transformation types set on `ets` (a spec or a reply), as field names. */
function transformationsOf(ets: Obj): string[] {
  return TRANSFORMATION_TYPES.filter((t) => isSet(ets[t]));
}

function validateJsonata(value: unknown): FieldError {
  if (!isSet(value)) return FieldError.empty();
  if (!isObj(value)) return FieldError.invalidValue(value, '', 'expected an object {expression}');
  const expression = value.expression;
  if (!isSet(expression) || expression === '') return FieldError.missing('expression');
  if (typeof expression !== 'string')
    return FieldError.invalidValue(expression, 'expression', 'expected a string');
  const syntax = jsonataSyntaxError(expression);
  if (syntax) return FieldError.of('invalid JSONata expression', 'expression', 'FieldValueInvalid', syntax);
  return FieldError.empty();
}

/** EventTransformations.Validate: exactly one type (or none, when `allowEmpty`), each type valid. */
function validateTransformations(ets: Obj, allowEmpty: boolean): FieldError {
  const types = transformationsOf(ets);
  let errs = FieldError.empty();
  if (types.length === 0 && !allowEmpty) errs = FieldError.oneOf([...TRANSFORMATION_TYPES]);
  else if (types.length > 1) errs = FieldError.multipleOneOf(types);
  return errs.also(validateJsonata(ets.jsonata).viaField('jsonata'));
}

/** ReplySpec.Validate: only with a sink; jsonata and discard exclusive; the same type as the spec's. */
function validateReply(reply: unknown, spec: Obj): FieldError {
  if (!isSet(reply)) return FieldError.empty();
  if (!isObj(reply)) return FieldError.invalidValue(reply, '', 'expected an object');
  if (!isSet(spec.sink)) return FieldError.of('reply is set without spec.sink', '');
  if (isSet(reply.discard) && typeof reply.discard !== 'boolean') {
    return FieldError.invalidValue(reply.discard, 'discard', 'expected a boolean');
  }
  let errs = validateTransformations(reply, true);
  const replyTypes = transformationsOf(reply);
  const baseTypes = transformationsOf(spec);
  const withDiscard = reply.discard === true ? [...replyTypes, 'discard'] : replyTypes;
  if (withDiscard.length > 1) {
    errs = FieldError.multipleOneOf(withDiscard);
  } else if (
    replyTypes.length > 0 &&
    baseTypes.length > 0 &&
    replyTypes.filter((t) => baseTypes.includes(t)).length !== 1
  ) {
    errs = FieldError.of(
      `Reply transformation type must match the transformation type in the top-level spec. Top-level transformations: "${baseTypes.join(', ')}", reply transformations: "${replyTypes.join(', ')}"`,
      replyTypes,
    );
  }
  return errs;
}

function validateSink(spec: Obj, namespace: string | undefined): FieldError {
  const sink = spec.sink;
  if (!isSet(sink)) return FieldError.empty();
  let errs = validateDestination(sink, namespace);
  if (isObj(sink) && isSet(sink.CACerts) && isSet(spec.jsonata)) {
    errs = errs.also(FieldError.of(CA_CERTS_MESSAGE, 'CACerts'));
  }
  return errs.viaField('sink');
}

function validate(obj: KObject): FieldError {
  const namespace = obj.metadata?.namespace;
  return validateSpec(obj, (spec) =>
    validateTransformations(spec, false)
      .also(validateSink(spec, namespace))
      .also(validateReply(spec.reply, spec).viaField('reply')),
  );
}

/** CheckImmutableFields: the transformation type may not change (the reply is fully mutable). */
function validateUpdate(oldObj: KObject, newObj: KObject): FieldError {
  const had = isSet(readSpec(oldObj).jsonata);
  const has = isSet(readSpec(newObj).jsonata);
  if (has && !had) {
    return FieldError.of(
      `Transformations types are immutable, jsonata transformation cannot be changed to a different transformation type. ${IMMUTABLE_SUGGESTION}`,
      'spec.jsonata',
    );
  }
  if (had && !has) {
    return FieldError.of(
      `Transformations types are immutable, transformation type cannot be changed to a jsonata transformation. ${IMMUTABLE_SUGGESTION}`,
      'spec.jsonata',
    );
  }
  return FieldError.empty();
}

/** One version only: a copy at the stored version (every eventing kind converts). */
function convert(obj: KObject): KObject {
  return toStored(eventTransformKind, obj).out;
}

/** Knative's SetDefaults is empty; a sink ref's namespace defaults to the transform's, as for every Destination. */
function setDefaults(obj: KObject): void {
  if (!isObj(obj.spec)) return;
  defaultDestination(specOf(obj).sink, obj.metadata?.namespace);
}

export const eventTransformKind: KindDef = {
  group: 'eventing.knative.dev',
  kind: 'EventTransform',
  storedVersion: 'v1alpha1',
  versions: ['v1alpha1'],
  plural: 'eventtransforms',
  singular: 'eventtransform',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: EVENT_TRANSFORM_CONDITIONS,
  columns: EVENT_TRANSFORM_COLUMNS,
  convert,
  setDefaults,
  validate,
  validateUpdate,
};
