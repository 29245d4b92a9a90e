/**
 * EventTransform (eventing.knative.dev/v1alpha1): a declarative transformation of the events sent to its
 * address, by a JSONata expression (`spec.jsonata.expression`), sent on to `sink` or answered as the reply.
 * (Slot: fields, defaults and validation to come.)
 */
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { READY_COLUMN, REASON_COLUMN, URL_COLUMN, validateSpec } from './util.js';

export const EVENT_TRANSFORM_CONDITIONS = ['Ready'];

function validate(obj: KObject): FieldError {
  return validateSpec(obj, () => FieldError.empty());
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
  columns: [URL_COLUMN, READY_COLUMN, REASON_COLUMN],
  validate,
};
