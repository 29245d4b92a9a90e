/**
 * SinkBinding (sources.knative.dev/v1): injects `K_SINK` (and `K_CE_OVERRIDES`) into a subject — an
 * object named by apiVersion, kind and either a name or a label selector (knative.dev/pkg tracker
 * Reference, validated as its `Validate` does: a qualified apiVersion, a C-identifier kind, DNS-1123
 * label name and namespace). The subject's namespace defaults to the binding's and must equal it.
 * Conditions as Knative's: `SinkBindingAvailable` (the subject is bound) and `SinkProvided` decide `Ready`.
 */
import { isDNS1123Label, isQualifiedName, regexError } from '../common/names.js';
import { FieldError } from '../field-error.js';
import type { Column, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { validateLabelSelector } from './label-selector.js';
import { defaultSourceSpec, upgradeSink, validateSourceSpec } from './source-spec.js';
import {
  isObj,
  isSet,
  READY_COLUMN,
  REASON_COLUMN,
  SINK_COLUMN,
  specOf,
  str,
  toStored,
  validateSpec,
} from './util.js';

export const SINK_BINDING_CONDITIONS = ['Ready', 'SinkBindingAvailable', 'SinkProvided'];

/** The CRD's printer columns, in kubectl's order: SINK, AGE, READY, REASON (`ebb get` fills AGE). */
export const SINK_BINDING_COLUMNS: Column[] = [
  SINK_COLUMN,
  { header: 'AGE', value: (o) => o.metadata.creationTimestamp ?? '' },
  READY_COLUMN,
  REASON_COLUMN,
];

const C_IDENTIFIER_FMT = '[A-Za-z_][A-Za-z0-9_]*';

/** k8s.io/apimachinery's IsCIdentifier. */
function isCIdentifier(value: string): string[] {
  if (new RegExp(`^${C_IDENTIFIER_FMT}$`).test(value)) return [];
  const msg =
    "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";
  return [regexError(msg, C_IDENTIFIER_FMT, 'my_name', 'MY_NAME', 'MyName')];
}

/** A required string field checked by `check` (a k8s validation returning messages). */
function formatted(value: unknown, path: string, check: (v: string) => string[]): FieldError {
  if (!isSet(value) || value === '') return FieldError.missing(path);
  if (typeof value !== 'string') return FieldError.invalidValue(value, path, 'expected a string');
  const problems = check(value);
  return problems.length ? FieldError.invalidValue(problems.join(', '), path) : FieldError.empty();
}

function validateSubject(subject: unknown, namespace: string | undefined): FieldError {
  if (!isObj(subject)) return isSet(subject) ? FieldError.invalidValue(subject, '') : FieldError.missing('');
  let errs = formatted(subject.apiVersion, 'apiVersion', isQualifiedName).also(
    formatted(subject.kind, 'kind', isCIdentifier),
  );
  const ns = subject.namespace;
  if (str(ns) && namespace && ns !== namespace) {
    errs = errs.also(
      FieldError.invalidValue(ns, 'namespace', `must be the binding's namespace "${namespace}"`),
    );
  } else if (isSet(ns)) errs = errs.also(formatted(ns, 'namespace', isDNS1123Label));
  const hasName = isSet(subject.name) && subject.name !== '';
  const hasSelector = isSet(subject.selector);
  if (hasName && hasSelector) errs = errs.also(FieldError.multipleOneOf(['name', 'selector']));
  else if (!hasName && !hasSelector) errs = errs.also(FieldError.oneOf(['name', 'selector']));
  else if (hasSelector) errs = errs.also(validateLabelSelector(subject.selector).viaField('selector'));
  else errs = errs.also(formatted(subject.name, 'name', isDNS1123Label));
  return errs;
}

function convert(obj: KObject): KObject {
  const { out, from } = toStored(sinkBindingKind, obj);
  if (from !== sinkBindingKind.storedVersion && isObj(out.spec)) upgradeSink(out.spec);
  return out;
}

function setDefaults(obj: KObject): void {
  const subject = specOf(obj).subject;
  const namespace = obj.metadata?.namespace;
  if (isObj(subject) && namespace && !str(subject.namespace)) subject.namespace = namespace;
  defaultSourceSpec(obj);
}

function validate(obj: KObject): FieldError {
  const namespace = obj.metadata?.namespace;
  return validateSpec(obj, (spec) =>
    validateSubject(spec.subject, namespace).viaField('subject').also(validateSourceSpec(spec, namespace)),
  );
}

export const sinkBindingKind: KindDef = {
  group: 'sources.knative.dev',
  kind: 'SinkBinding',
  storedVersion: 'v1',
  versions: ['v1alpha2', 'v1beta1', 'v1'],
  plural: 'sinkbindings',
  singular: 'sinkbinding',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: SINK_BINDING_CONDITIONS,
  columns: SINK_BINDING_COLUMNS,
  convert,
  setDefaults,
  validate,
};
