/**
 * SinkBinding (sources.knative.dev/v1): injects `K_SINK` (and `K_CE_OVERRIDES`) into a subject — an
 * object named by apiVersion, kind and either a name or a label selector (knative.dev/pkg tracker
 * Reference). The subject's namespace defaults to the binding's and must equal it.
 */
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { validateLabelSelector } from './label-selector.js';
import { defaultSourceSpec, SOURCE_COLUMNS, upgradeSink, validateSourceSpec } from './source-spec.js';
import { isObj, isSet, specOf, str, toStored, validateSpec } from './util.js';

export const SINK_BINDING_CONDITIONS = ['Ready', 'SinkProvided'];

function validateSubject(subject: unknown, namespace: string | undefined): FieldError {
  if (!isObj(subject)) return isSet(subject) ? FieldError.invalidValue(subject, '') : FieldError.missing('');
  let errs = FieldError.empty();
  if (!str(subject.apiVersion)) errs = errs.also(FieldError.missing('apiVersion'));
  if (!str(subject.kind)) errs = errs.also(FieldError.missing('kind'));
  const ns = subject.namespace;
  if (str(ns) && namespace && ns !== namespace) {
    errs = errs.also(
      FieldError.invalidValue(ns, 'namespace', `must be the binding's namespace "${namespace}"`),
    );
  }
  const hasName = isSet(subject.name) && subject.name !== '';
  const hasSelector = isSet(subject.selector);
  if (hasName && hasSelector) errs = errs.also(FieldError.multipleOneOf(['name', 'selector']));
  else if (!hasName && !hasSelector) errs = errs.also(FieldError.oneOf(['name', 'selector']));
  else if (hasSelector) errs = errs.also(validateLabelSelector(subject.selector).viaField('selector'));
  else if (typeof subject.name !== 'string') errs = errs.also(FieldError.invalidValue(subject.name, 'name'));
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
  columns: SOURCE_COLUMNS,
  convert,
  setDefaults,
  validate,
};
