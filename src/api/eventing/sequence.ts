/**
 * Sequence (flows.knative.dev/v1): events pass through `steps` in order (each a destination with an
 * optional delivery), with channels between them, and the last step's reply goes to `reply`.
 */
import { FieldError } from '../field-error.js';
import type { DefaultsContext, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { defaultDelivery, upgradeDelivery, validateDelivery } from './delivery.js';
import { defaultDestination, upgradeDestination, validateDestination } from './destination.js';
import { defaultFlow, FLOW_COLUMNS, FLOW_CONDITIONS, upgradeFlow, validateFlow } from './flows.js';
import { isObj, type Obj, specOf, toStored, validateSpec, viaFieldIndex } from './util.js';

function convert(obj: KObject): KObject {
  const { out, from } = toStored(sequenceKind, obj);
  if (from === sequenceKind.storedVersion || !isObj(out.spec)) return out;
  const spec = out.spec;
  if (Array.isArray(spec.steps)) {
    spec.steps = spec.steps.map((step) => {
      const upgraded = upgradeDestination(step);
      if (isObj(upgraded)) upgradeDelivery(upgraded.delivery);
      return upgraded;
    });
  }
  upgradeFlow(spec);
  return out;
}

function setDefaults(obj: KObject, ctx: DefaultsContext): void {
  const spec = specOf(obj);
  if (Array.isArray(spec.steps)) {
    for (const step of spec.steps) {
      defaultDestination(step, obj.metadata?.namespace);
      if (isObj(step)) defaultDelivery(step.delivery, obj.metadata?.namespace);
    }
  }
  defaultFlow(obj, ctx);
}

function validateSteps(spec: Obj, namespace: string | undefined): FieldError {
  const { steps } = spec;
  if (!Array.isArray(steps) || steps.length === 0) {
    return Array.isArray(steps) || steps === undefined || steps === null
      ? FieldError.missing('steps')
      : FieldError.invalidValue(steps, 'steps', 'expected a list');
  }
  let errs = FieldError.empty();
  steps.forEach((step, i) => {
    let e = validateDestination(step, namespace);
    if (isObj(step)) e = e.also(validateDelivery(step.delivery, namespace).viaField('delivery'));
    errs = errs.also(viaFieldIndex(e, 'steps', i));
  });
  return errs;
}

function validate(obj: KObject): FieldError {
  const namespace = obj.metadata?.namespace;
  return validateSpec(obj, (spec) => validateSteps(spec, namespace).also(validateFlow(spec, namespace)));
}

export const sequenceKind: KindDef = {
  group: 'flows.knative.dev',
  kind: 'Sequence',
  storedVersion: 'v1',
  versions: ['v1alpha1', 'v1beta1', 'v1'],
  legacyGroups: ['messaging.knative.dev'],
  plural: 'sequences',
  singular: 'sequence',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: FLOW_CONDITIONS,
  columns: FLOW_COLUMNS,
  convert,
  setDefaults,
  validate,
};
