/**
 * What every source shares (Knative's duckv1.SourceSpec): a required `sink` destination and optional
 * `ceOverrides` ({extensions: {name: value}}), plus the conditions and columns sources report. Errors are
 * relative to the spec (callers add `viaField('spec')`).
 */
import { FieldError } from '../field-error.js';
import type { Column } from '../kind.js';
import type { KObject } from '../object.js';
import { defaultDestination, upgradeDestination, validateDestination } from './destination.js';
import { isObj, isSet, type Obj, READY_COLUMN, REASON_COLUMN, SINK_COLUMN } from './util.js';

/** SINK, READY, REASON: the `ebb get` columns of every source. */
export const SOURCE_COLUMNS: Column[] = [SINK_COLUMN, READY_COLUMN, REASON_COLUMN];

/** Knative's SourceConditionSet plus Deployed, for sources that run an adapter. */
export const SOURCE_CONDITIONS = ['Ready', 'SinkProvided', 'Deployed'];

/** CloudEventOverrides.Validate: extension names are lowercase alphanumeric, values strings. */
export function validateCeOverrides(overrides: unknown): FieldError {
  if (!isSet(overrides)) return FieldError.empty();
  if (!isObj(overrides)) return FieldError.invalidValue(overrides, '', 'expected an object {extensions}');
  const { extensions } = overrides;
  if (!isSet(extensions)) return FieldError.empty();
  if (!isObj(extensions)) return FieldError.invalidValue(extensions, 'extensions', 'expected a map');
  let errs = FieldError.empty();
  for (const [key, value] of Object.entries(extensions)) {
    let err: FieldError | undefined;
    if (key === '')
      err = FieldError.of('invalid key name ""', '', 'FieldValueInvalid', 'keys MUST NOT be empty');
    else if (!/^[a-z0-9]+$/.test(key)) {
      err = FieldError.of(
        `invalid key name "${key}"`,
        '',
        'FieldValueInvalid',
        'keys are expected to be alphanumeric',
      );
    } else if (typeof value !== 'string') err = FieldError.invalidValue(value, '', 'expected a string');
    if (err) errs = errs.also(err.viaKey(key).viaField('extensions'));
  }
  return errs;
}

/** The sink (required) and ceOverrides of a source spec. */
export function validateSourceSpec(spec: Obj, parentNamespace?: string): FieldError {
  return validateDestination(spec.sink, parentNamespace)
    .viaField('sink')
    .also(validateCeOverrides(spec.ceOverrides).viaField('ceOverrides'));
}

/** Defaults shared by sources: the sink ref's namespace. In place. */
export function defaultSourceSpec(obj: KObject): void {
  if (isObj(obj.spec)) defaultDestination(obj.spec.sink, obj.metadata?.namespace);
}

/** Conversion shared by sources: an older sink (inline or old apiVersion) to the current shape. In place. */
export function upgradeSink(spec: Obj): void {
  if (isSet(spec.sink)) spec.sink = upgradeDestination(spec.sink);
}
