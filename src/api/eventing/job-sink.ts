/**
 * JobSink (sinks.knative.dev/v1alpha1): an addressable sink that runs one batch/v1 Job (from `spec.job`)
 * per accepted event. As Knative's: `spec.job` is required (`expected exactly one, got neither: spec.job`),
 * every container gets `K_EXECUTION_MODE=batch` unless it sets it, and the Job must be one the API would
 * accept — Knative dry-runs a create, Ebb runs the batch Job validation, so errors name
 * `spec.job.spec.template.spec...`. Conditions: Ready from Addressable and EventPoliciesReady.
 *
 * Ebb's one addition: the annotation `ebb.dev/job-concurrency` bounds how many of the sink's Jobs run at
 * once (a positive integer; default: the machine's CPU count). The rest queue, oldest first.
 */
import { validateJobSpec } from '../batch/index.js';
import { parseInteger } from '../common/numbers.js';
import { FieldError } from '../field-error.js';
import type { Column, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import {
  isObj,
  isSet,
  type Obj,
  READY_COLUMN,
  REASON_COLUMN,
  specOf,
  toStored,
  URL_COLUMN,
  validateSpec,
  viaAnnotation,
} from './util.js';

export const JOB_SINK_CONDITIONS = ['Ready', 'Addressable', 'EventPoliciesReady'];
/** Knative's ExecutionModeEnvVar and its only value. */
export const EXECUTION_MODE_ENV = 'K_EXECUTION_MODE';
export const EXECUTION_MODE_BATCH = 'batch';
/** How many of a JobSink's Jobs may run at once. */
export const JOB_CONCURRENCY_ANNOTATION = 'ebb.dev/job-concurrency';

/** The CRD's printer columns: URL, AGE, READY, REASON (`ebb get` fills AGE). */
export const JOB_SINK_COLUMNS: Column[] = [
  URL_COLUMN,
  { header: 'AGE', value: (o) => o.metadata.creationTimestamp ?? '' },
  READY_COLUMN,
  REASON_COLUMN,
];

function podSpecOf(job: unknown): Obj | undefined {
  if (!isObj(job) || !isObj(job.spec) || !isObj(job.spec.template)) return undefined;
  return isObj(job.spec.template.spec) ? job.spec.template.spec : undefined;
}

/** Knative's setBatchJobDefaults: K_EXECUTION_MODE=batch on every container and init container. */
function setDefaults(obj: KObject): void {
  const podSpec = podSpecOf(specOf(obj).job);
  if (!podSpec) return;
  for (const list of [podSpec.containers, podSpec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isObj(c) || (isSet(c.env) && !Array.isArray(c.env))) continue;
      const env = (c.env ?? []) as unknown[];
      if (env.some((e) => isObj(e) && e.name === EXECUTION_MODE_ENV)) continue;
      c.env = [...env, { name: EXECUTION_MODE_ENV, value: EXECUTION_MODE_BATCH }];
    }
  }
}

function convert(obj: KObject): KObject {
  return toStored(jobSinkKind, obj).out;
}

function validateJob(job: unknown): FieldError {
  if (!isSet(job)) return FieldError.oneOf(['job']);
  if (!isObj(job)) return FieldError.invalidValue(job, 'job', 'expected a batch/v1 Job');
  let errs = FieldError.empty();
  if (isSet(job.apiVersion) && job.apiVersion !== 'batch/v1')
    errs = errs.also(FieldError.invalidValue(job.apiVersion, 'job.apiVersion', 'expected batch/v1'));
  if (isSet(job.kind) && job.kind !== 'Job')
    errs = errs.also(FieldError.invalidValue(job.kind, 'job.kind', 'expected Job'));
  return errs.also(validateJobSpec(job.spec).viaField('job', 'spec'));
}

/** The concurrency annotation's value, or an error text. */
export function parseJobConcurrency(
  value: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const parsed = parseInteger(value.trim());
  if (!parsed.ok || parsed.value < 1)
    return { ok: false, message: `must be a positive integer, was: ${JSON.stringify(value)}` };
  return { ok: true, value: parsed.value };
}

function validateConcurrency(obj: KObject): FieldError {
  const value = obj.metadata?.annotations?.[JOB_CONCURRENCY_ANNOTATION];
  if (value === undefined) return FieldError.empty();
  const parsed = parseJobConcurrency(String(value));
  if (parsed.ok) return FieldError.empty();
  return viaAnnotation(FieldError.invalidValue(value, '', parsed.message), JOB_CONCURRENCY_ANNOTATION);
}

function validate(obj: KObject): FieldError {
  return validateSpec(obj, (spec) => validateJob(spec.job)).also(validateConcurrency(obj));
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
  columns: JOB_SINK_COLUMNS,
  convert,
  setDefaults,
  validate,
};
