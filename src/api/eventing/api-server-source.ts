/**
 * ApiServerSource (sources.knative.dev/v1): turns changes to watched resources into events. Ebb watches
 * its own store rather than a Kubernetes API server. `resources` name what to watch (apiVersion, kind,
 * optional label selector); `mode` is Reference (default: events carry a reference) or Resource (events
 * carry the object).
 */
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { validateSubscriptionsApiFilters } from './filters.js';
import { validateLabelSelector } from './label-selector.js';
import { defaultSourceSpec, upgradeSink, validateSourceSpec } from './source-spec.js';
import {
  isObj,
  isSet,
  type Obj,
  READY_COLUMN,
  REASON_COLUMN,
  SINK_COLUMN,
  specOf,
  str,
  toStored,
  validateSpec,
  viaFieldIndex,
} from './util.js';

export const API_SERVER_SOURCE_MODES = ['Reference', 'Resource'] as const;
export const API_SERVER_SOURCE_CONDITIONS = ['Ready', 'SinkProvided', 'Deployed', 'SufficientPermissions'];
const GROUP_VERSION = /^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[a-z0-9]+$/;

function convert(obj: KObject): KObject {
  const { out, from } = toStored(apiServerSourceKind, obj);
  if (from === apiServerSourceKind.storedVersion || !isObj(out.spec)) return out;
  const spec = out.spec;
  // v1alpha2's deprecated per-resource controllerSelector has no v1 equivalent.
  if (Array.isArray(spec.resources)) {
    for (const r of spec.resources) if (isObj(r)) delete r.controllerSelector;
  }
  if (spec.mode === 'Ref') spec.mode = 'Reference';
  upgradeSink(spec);
  return out;
}

function setDefaults(obj: KObject): void {
  const spec = specOf(obj);
  if (!isSet(spec.mode) || spec.mode === '') spec.mode = 'Reference';
  if (!isSet(spec.serviceAccountName) || spec.serviceAccountName === '') spec.serviceAccountName = 'default';
  defaultSourceSpec(obj);
}

function validateApiVersionKind(o: Obj): FieldError {
  let errs = FieldError.empty();
  if (!(typeof o.apiVersion === 'string' && GROUP_VERSION.test(o.apiVersion))) {
    errs = errs.also(FieldError.invalidValue(o.apiVersion ?? '', 'apiVersion'));
  }
  if (!(typeof o.kind === 'string' && o.kind.trim() !== '')) errs = errs.also(FieldError.missing('kind'));
  return errs;
}

function validateResources(resources: unknown): FieldError {
  if (!Array.isArray(resources) || resources.length === 0) {
    return isSet(resources) && !Array.isArray(resources)
      ? FieldError.invalidValue(resources, 'resources', 'expected a list')
      : FieldError.missing('resources');
  }
  let errs = FieldError.empty();
  resources.forEach((r, i) => {
    let e = isObj(r) ? validateApiVersionKind(r) : FieldError.invalidValue(r, '');
    if (isObj(r) && isSet(r.selector)) e = e.also(validateLabelSelector(r.selector).viaField('selector'));
    errs = errs.also(viaFieldIndex(e, 'resources', i));
  });
  return errs;
}

function validate(obj: KObject): FieldError {
  return validateSpec(obj, (spec) => {
    let errs = FieldError.empty();
    if (!(API_SERVER_SOURCE_MODES as readonly unknown[]).includes(spec.mode)) {
      errs = errs.also(
        FieldError.invalidValue(
          spec.mode ?? '',
          'mode',
          `expected one of: ${API_SERVER_SOURCE_MODES.join(', ')}`,
        ),
      );
    }
    errs = errs.also(validateResources(spec.resources));
    if (isSet(spec.owner)) {
      errs = errs.also(
        isObj(spec.owner)
          ? validateApiVersionKind(spec.owner).viaField('owner')
          : FieldError.invalidValue(spec.owner, 'owner'),
      );
    }
    if (isSet(spec.namespaceSelector)) {
      errs = errs.also(validateLabelSelector(spec.namespaceSelector).viaField('namespaceSelector'));
    }
    if (isSet(spec.serviceAccountName) && !str(spec.serviceAccountName)) {
      errs = errs.also(FieldError.invalidValue(spec.serviceAccountName, 'serviceAccountName'));
    }
    return errs.also(
      validateSubscriptionsApiFilters(spec.filters, 'filters'),
      validateSourceSpec(spec, obj.metadata?.namespace),
    );
  });
}

export const apiServerSourceKind: KindDef = {
  group: 'sources.knative.dev',
  kind: 'ApiServerSource',
  storedVersion: 'v1',
  versions: ['v1alpha2', 'v1beta1', 'v1'],
  plural: 'apiserversources',
  singular: 'apiserversource',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: API_SERVER_SOURCE_CONDITIONS,
  // The CRD's printer columns, in kubectl's order (`ebb get` fills AGE).
  columns: [
    SINK_COLUMN,
    { header: 'AGE', value: (o) => o.metadata.creationTimestamp ?? '' },
    READY_COLUMN,
    REASON_COLUMN,
  ],
  convert,
  setDefaults,
  validate,
};
