/**
 * Trigger filter validation (knative eventing pkg/apis/eventing/v1/trigger_validation.go): the attribute
 * filter (`spec.filter.attributes`) and the Subscriptions API filters (`spec.filters`), whose entries each
 * carry exactly one dialect: exact, prefix, suffix (one attribute each), all, any (lists of filters),
 * not (one filter) or cesql (an expression, parsed here so a syntax error is a 422 with its position).
 * Errors are relative to the value passed in. The CESQL engine is a pure library (it imports nothing but
 * the error base), which is why the API layer may use it.
 */
import { CesqlParseError, compileCesql } from '../../eventing/cesql/index.js';
import { FieldError } from '../field-error.js';
import { isObj, isSet, viaFieldIndex } from './util.js';

/** Knative's attribute-name rule: lowercase alphanumeric, starting with a letter. */
export const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;
const ATTRIBUTE_NAME_DETAILS =
  'Attribute name must start with a letter and can only contain lowercase alphanumeric';

export const FILTER_DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'] as const;
export type FilterDialect = (typeof FILTER_DIALECTS)[number];

function invalidKeyName(key: string): FieldError {
  return FieldError.of(`invalid key name "${key}"`, '', 'FieldValueInvalid', ATTRIBUTE_NAME_DETAILS).viaKey(
    key,
  );
}

/** A map of CloudEvents attribute name → string value (ValidateAttributesNames plus value types). */
export function validateAttributeMap(attrs: unknown): FieldError {
  if (!isSet(attrs)) return FieldError.empty();
  if (!isObj(attrs)) return FieldError.invalidValue(attrs, '', 'expected a map of attribute name to string');
  let errs = FieldError.empty();
  for (const [key, value] of Object.entries(attrs)) {
    if (!ATTRIBUTE_NAME.test(key)) errs = errs.also(invalidKeyName(key));
    else if (typeof value !== 'string')
      errs = errs.also(FieldError.invalidValue(value, '', 'expected a string').viaKey(key));
  }
  return errs;
}

/** `spec.filter`: `{attributes?: {...}}`. */
export function validateTriggerFilter(filter: unknown): FieldError {
  if (!isSet(filter)) return FieldError.empty();
  if (!isObj(filter)) return FieldError.invalidValue(filter, '', 'expected an object {attributes}');
  return validateAttributeMap(filter.attributes).viaField('attributes');
}

/** exact/prefix/suffix: a single attribute (ValidateSingleAttributeMap). */
function validateSingleAttributeMap(expr: unknown): FieldError {
  if (isObj(expr) && Object.keys(expr).length > 1) {
    return FieldError.of('Multiple items found, can have only one key-value', '');
  }
  return validateAttributeMap(expr);
}

/** The dialects a filter entry sets (present and not null). */
export function dialectsOf(filter: Record<string, unknown>): FilterDialect[] {
  return FILTER_DIALECTS.filter((d) => isSet(filter[d]));
}

/** One Subscriptions API filter. */
export function validateSubscriptionsApiFilter(filter: unknown): FieldError {
  if (!isObj(filter)) return FieldError.invalidValue(filter, '', 'expected a filter object');
  const dialects = dialectsOf(filter);
  if (dialects.length === 0) return FieldError.oneOf(['']);
  let errs = FieldError.empty();
  if (dialects.length > 1) {
    errs = errs.also(
      FieldError.of(
        'expected exactly one, got both',
        '',
        'FieldValueInvalid',
        `multiple dialects found (${dialects.join(', ')}), filters can have only one dialect set`,
      ),
    );
  }
  for (const d of ['exact', 'prefix', 'suffix'] as const) {
    errs = errs.also(validateSingleAttributeMap(filter[d]).viaField(d));
  }
  for (const d of ['all', 'any'] as const) {
    if (isSet(filter[d])) errs = errs.also(validateSubscriptionsApiFilters(filter[d], d));
  }
  if (isSet(filter.not)) errs = errs.also(validateSubscriptionsApiFilter(filter.not).viaField('not'));
  const { cesql } = filter;
  if (isSet(cesql) && (typeof cesql !== 'string' || cesql.trim() === '')) {
    errs = errs.also(FieldError.invalidValue(cesql, 'cesql', 'expected a non-empty CESQL expression'));
  } else if (typeof cesql === 'string') {
    errs = errs.also(cesqlError(cesql));
  }
  return errs;
}

/** A list of Subscriptions API filters at `field` (`filters`, `all`, `any`); paths start with `field`. */
export function validateSubscriptionsApiFilters(filters: unknown, field: string): FieldError {
  if (!isSet(filters)) return FieldError.empty();
  if (!Array.isArray(filters)) return FieldError.invalidValue(filters, field, 'expected a list of filters');
  let errs = FieldError.empty();
  filters.forEach((f, i) => {
    errs = errs.also(viaFieldIndex(validateSubscriptionsApiFilter(f), field, i));
  });
  return errs;
}

/** A CESQL syntax error as a field error on `cesql`, with the position in the expression. */
function cesqlError(expression: string): FieldError | undefined {
  try {
    compileCesql(expression);
    return undefined;
  } catch (err) {
    if (!(err instanceof CesqlParseError)) throw err;
    return FieldError.of(`invalid CESQL expression: ${err.message}`, 'cesql');
  }
}
