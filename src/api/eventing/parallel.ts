/**
 * Parallel (flows.knative.dev/v1): each event goes to every branch; a branch's optional `filter` decides
 * whether its `subscriber` gets it, and the subscriber's reply goes to the branch's `reply`, else the
 * Parallel's.
 */
import { FieldError } from '../field-error.js';
import type { DefaultsContext, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { defaultDelivery, upgradeDelivery, validateDelivery } from './delivery.js';
import {
  defaultDestination,
  upgradeDestination,
  validateDestination,
  validateOptionalDestination,
} from './destination.js';
import { defaultFlow, FLOW_COLUMNS, FLOW_CONDITIONS, upgradeFlow, validateFlow } from './flows.js';
import { isObj, isSet, type Obj, specOf, toStored, validateSpec, viaFieldIndex } from './util.js';

const BRANCH_DESTINATIONS = ['filter', 'subscriber', 'reply'] as const;

function convert(obj: KObject): KObject {
  const { out, from } = toStored(parallelKind, obj);
  if (from === parallelKind.storedVersion || !isObj(out.spec)) return out;
  const spec = out.spec;
  if (Array.isArray(spec.branches)) {
    for (const branch of spec.branches) {
      if (!isObj(branch)) continue;
      for (const field of BRANCH_DESTINATIONS) {
        if (isSet(branch[field])) branch[field] = upgradeDestination(branch[field]);
      }
      upgradeDelivery(branch.delivery);
    }
  }
  upgradeFlow(spec);
  return out;
}

function setDefaults(obj: KObject, ctx: DefaultsContext): void {
  const spec = specOf(obj);
  const namespace = obj.metadata?.namespace;
  if (Array.isArray(spec.branches)) {
    for (const branch of spec.branches) {
      if (!isObj(branch)) continue;
      for (const field of BRANCH_DESTINATIONS) defaultDestination(branch[field], namespace);
      defaultDelivery(branch.delivery, namespace);
    }
  }
  defaultFlow(obj, ctx);
}

function validateBranch(branch: unknown, namespace: string | undefined): FieldError {
  if (!isObj(branch))
    return FieldError.invalidValue(branch, '', 'expected a branch {subscriber, filter?, reply?}');
  return validateDestination(branch.subscriber, namespace)
    .viaField('subscriber')
    .also(
      validateOptionalDestination(branch.filter, namespace).viaField('filter'),
      validateOptionalDestination(branch.reply, namespace).viaField('reply'),
      validateDelivery(branch.delivery, namespace).viaField('delivery'),
    );
}

function validateBranches(spec: Obj, namespace: string | undefined): FieldError {
  const { branches } = spec;
  if (!Array.isArray(branches) || branches.length === 0) {
    return Array.isArray(branches) || !isSet(branches)
      ? FieldError.missing('branches')
      : FieldError.invalidValue(branches, 'branches', 'expected a list');
  }
  let errs = FieldError.empty();
  branches.forEach((b, i) => {
    errs = errs.also(viaFieldIndex(validateBranch(b, namespace), 'branches', i));
  });
  return errs;
}

function validate(obj: KObject): FieldError {
  const namespace = obj.metadata?.namespace;
  return validateSpec(obj, (spec) => validateBranches(spec, namespace).also(validateFlow(spec, namespace)));
}

export const parallelKind: KindDef = {
  group: 'flows.knative.dev',
  kind: 'Parallel',
  storedVersion: 'v1',
  versions: ['v1alpha1', 'v1beta1', 'v1'],
  legacyGroups: ['messaging.knative.dev'],
  plural: 'parallels',
  singular: 'parallel',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: FLOW_CONDITIONS,
  columns: FLOW_COLUMNS,
  convert,
  setDefaults,
  validate,
};
