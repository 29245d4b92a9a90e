/**
 * batch/v1 Job: a pod template run to completion. Kubernetes' defaults (completions 1, parallelism 1,
 * backoffLimit 6, suspend false) and the validation of what Ebb uses: the non-negative counts and
 * durations, and the pod template (pod-template.ts). The template is immutable after creation, as in
 * Kubernetes. Status is Kubernetes' (startTime, completionTime, active/succeeded/failed, conditions
 * Complete/Failed) plus Ebb's `Pending` condition while the pod waits for a slot or its inputs. `ebb get`
 * prints kubectl's columns: STATUS, COMPLETIONS, DURATION, AGE.
 */
import { wrongType } from '../common/fields.js';
import { FieldError } from '../field-error.js';
import type { Column, KindDef } from '../kind.js';
import { isPlainObject, type KObject } from '../object.js';
import { validatePodTemplate } from './pod-template.js';

export const DEFAULT_COMPLETIONS = 1;
export const DEFAULT_PARALLELISM = 1;
/** Kubernetes' default number of retries before a Job is Failed (BackoffLimitExceeded). */
export const DEFAULT_BACKOFF_LIMIT = 6;
/** Ebb's condition on a Job whose pod has not started: waiting for a concurrency slot, a Secret, ... */
export const JOB_PENDING = 'Pending';

type Obj = Record<string, unknown>;

/** Fills Kubernetes' Job defaults into a Job spec, in place. */
export function setJobSpecDefaults(spec: Obj): void {
  spec.completions ??= DEFAULT_COMPLETIONS;
  spec.parallelism ??= DEFAULT_PARALLELISM;
  spec.backoffLimit ??= DEFAULT_BACKOFF_LIMIT;
  spec.suspend ??= false;
  spec.completionMode ??= 'NonIndexed';
}

function nonNegative(value: unknown, path: string, min = 0): FieldError | undefined {
  if (value === undefined || value === null) return undefined;
  const typed = wrongType(value, 'integer', path);
  if (typed) return typed;
  if ((value as number) < min) {
    const bound = min === 0 ? 'greater than or equal to 0' : `greater than or equal to ${min}`;
    return FieldError.of(`Invalid value: ${value}: must be ${bound}`, path);
  }
  return undefined;
}

/** Validates a Job spec; paths relative to it (`template.spec.restartPolicy`). */
export function validateJobSpec(spec: unknown): FieldError {
  if (!isPlainObject(spec)) {
    return spec === undefined || spec === null
      ? FieldError.missing('template')
      : FieldError.invalidValue(spec, '', 'expected an object');
  }
  let errs = FieldError.empty().also(
    nonNegative(spec.completions, 'completions'),
    nonNegative(spec.parallelism, 'parallelism'),
    nonNegative(spec.backoffLimit, 'backoffLimit'),
    nonNegative(spec.ttlSecondsAfterFinished, 'ttlSecondsAfterFinished'),
    nonNegative(spec.activeDeadlineSeconds, 'activeDeadlineSeconds', 1),
    wrongType(spec.suspend, 'boolean', 'suspend'),
  );
  if (spec.completionMode !== undefined && spec.completionMode !== 'NonIndexed') {
    errs = errs.also(
      FieldError.of(
        `Unsupported value: ${JSON.stringify(spec.completionMode)}: supported values: "NonIndexed"`,
        'completionMode',
        'FieldValueNotSupported',
        'Ebb runs NonIndexed Jobs only',
      ),
    );
  }
  return errs.also(validatePodTemplate(spec.template).viaField('template'));
}

const condition = (o: KObject, type: string) =>
  o.status?.conditions?.find((c) => c.type === type && c.status === 'True');

/** kubectl's STATUS for a Job, with Pending for one whose pod has not started yet. */
export function jobStatusText(o: KObject): string {
  for (const type of ['Complete', 'Failed', 'Suspended']) if (condition(o, type)) return type;
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (condition(o, JOB_PENDING) || !o.status?.startTime) return 'Pending';
  return 'Running';
}

/** kubectl's HumanDuration, for the DURATION column. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

function durationText(o: KObject): string {
  const start = Date.parse(String(o.status?.startTime ?? ''));
  if (Number.isNaN(start)) return '';
  const end = Date.parse(String(o.status?.completionTime ?? ''));
  return humanDuration((Number.isNaN(end) ? Date.now() : end) - start);
}

const containersOf = (o: KObject): Obj[] => {
  const list = o.spec?.template?.spec?.containers;
  return Array.isArray(list) ? list.filter(isPlainObject) : [];
};

export const JOB_COLUMNS: Column[] = [
  { header: 'STATUS', value: jobStatusText },
  {
    header: 'COMPLETIONS',
    value: (o) => `${Number(o.status?.succeeded ?? 0)}/${Number(o.spec?.completions ?? DEFAULT_COMPLETIONS)}`,
  },
  { header: 'DURATION', value: durationText },
  { header: 'AGE', value: (o) => o.metadata.creationTimestamp ?? '' },
  {
    header: 'CONTAINERS',
    value: (o) =>
      containersOf(o)
        .map((c) => String(c.name ?? ''))
        .join(','),
    wide: true,
  },
  {
    header: 'IMAGES',
    value: (o) =>
      containersOf(o)
        .map((c) => String(c.image ?? (Array.isArray(c.command) ? c.command[0] : '')))
        .join(','),
    wide: true,
  },
];

function validate(obj: KObject): FieldError {
  return validateJobSpec(obj.spec).viaField('spec');
}

function validateUpdate(oldObj: KObject, newObj: KObject): FieldError {
  const before = JSON.stringify(oldObj.spec?.template ?? null);
  if (before === JSON.stringify(newObj.spec?.template ?? null)) return FieldError.empty();
  return FieldError.of('field is immutable', 'spec.template', 'FieldValueInvalid');
}

export const JOB: KindDef = {
  group: 'batch',
  kind: 'Job',
  storedVersion: 'v1',
  versions: ['v1'],
  plural: 'jobs',
  singular: 'job',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: [],
  columns: JOB_COLUMNS,
  setDefaults(obj) {
    if (isPlainObject(obj.spec)) setJobSpecDefaults(obj.spec);
  },
  validate,
  validateUpdate,
};
