/**
 * JobSink (sinks.knative.dev/v1alpha1): an addressable sink that runs one job (from `spec.job`, a batch/v1
 * Job template) per accepted event.
 * (Slot: fields, defaults and validation to come.)
 */
import { FieldError } from '../field-error.js';
import type { KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { READY_COLUMN, REASON_COLUMN, URL_COLUMN, validateSpec } from './util.js';

export const JOB_SINK_CONDITIONS = ['Ready'];

function validate(obj: KObject): FieldError {
  return validateSpec(obj, () => FieldError.empty());
}

export const jobSinkKind: KindDef = {
  group: 'sinks.knative.dev',
  kind: 'JobSink',
  storedVersion: 'v1alpha1',
  versions: ['v1alpha1'],
  plural: 'jobsinks',
  singular: 'jobsink',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: JOB_SINK_CONDITIONS,
  columns: [URL_COLUMN, READY_COLUMN, REASON_COLUMN],
  validate,
};
