/**
 * PingSource (sources.knative.dev/v1): sends a fixed event to its sink on a cron schedule (five fields, or
 * six with leading seconds, as Knative accepts since eventing 1.13; `@every` is refused as Knative does).
 * `data` and `dataBase64` are mutually exclusive; with contentType application/json the data must be
 * JSON; the `data-max-size` of the `config-ping-defaults` ConfigMap caps the data (no cap by default).
 * v1alpha2/v1beta1 wrote the payload as `jsonData`; conversion makes it `data` with contentType JSON.
 */
import { FieldError } from '../field-error.js';
import type { KindDef, ValidationContext } from '../kind.js';
import type { KObject } from '../object.js';
import { scheduleError, timezoneError } from './cron.js';
import { defaultSourceSpec, SOURCE_CONDITIONS, upgradeSink, validateSourceSpec } from './source-spec.js';
import {
  isObj,
  isSet,
  type Obj,
  pathColumn,
  READY_COLUMN,
  REASON_COLUMN,
  SINK_COLUMN,
  specOf,
  toStored,
  validateSpec,
} from './util.js';

/** Knative's default schedule: every minute. */
export const DEFAULT_PING_SCHEDULE = '* * * * *';
export const PING_DEFAULTS_NAMESPACE = 'knative-eventing';
export const PING_DEFAULTS_CONFIGMAP = 'config-ping-defaults';
const APPLICATION_JSON = 'application/json';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function convert(obj: KObject): KObject {
  const { out, from } = toStored(pingSourceKind, obj);
  if (from === pingSourceKind.storedVersion || !isObj(out.spec)) return out;
  const spec = out.spec;
  if (isSet(spec.jsonData)) {
    if (!isSet(spec.data)) spec.data = spec.jsonData;
    if (!isSet(spec.contentType)) spec.contentType = APPLICATION_JSON;
    delete spec.jsonData;
  }
  upgradeSink(spec);
  return out;
}

function setDefaults(obj: KObject): void {
  const spec = specOf(obj);
  if (!isSet(spec.schedule) || spec.schedule === '') spec.schedule = DEFAULT_PING_SCHEDULE;
  defaultSourceSpec(obj);
}

/** `data-max-size` from config-ping-defaults, in bytes; -1 (no limit) when unset or unparsable. */
function dataMaxSize(ctx: ValidationContext): number {
  const text = ctx.config(PING_DEFAULTS_NAMESPACE, PING_DEFAULTS_CONFIGMAP)?.['data-max-size'];
  const n = text === undefined ? Number.NaN : Number(text);
  return Number.isInteger(n) ? n : -1;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function validateSchedule(spec: Obj): FieldError {
  const { schedule, timezone } = spec;
  let errs = FieldError.empty();
  if (isSet(timezone)) {
    const err = typeof timezone === 'string' ? timezoneError(timezone) : 'expected a string';
    if (err) errs = errs.also(FieldError.invalidValue(err, 'timezone'));
  }
  // Knative's validateDescriptor: robfig parses `@every`, but a PingSource may not use it.
  if (typeof schedule === 'string' && schedule.includes('@every')) {
    errs = errs.also(FieldError.invalidValue('unsupported descriptor @every', 'schedule'));
  }
  const err = typeof schedule === 'string' ? scheduleError(schedule) : 'expected a string';
  if (err) errs = errs.also(FieldError.invalidValue(err, 'schedule'));
  return errs;
}

function validateData(spec: Obj, maxSize: number): FieldError {
  const { data, dataBase64, contentType } = spec;
  if (isSet(contentType) && typeof contentType !== 'string')
    return FieldError.invalidValue(contentType, 'contentType');
  const json = typeof contentType === 'string' && contentType.split(';')[0]!.trim() === APPLICATION_JSON;
  const hasData = isSet(data) && data !== '';
  const hasBase64 = isSet(dataBase64) && dataBase64 !== '';
  if (hasData && hasBase64) return FieldError.multipleOneOf(['data', 'dataBase64']);
  const field = hasData ? 'data' : 'dataBase64';
  const value = hasData ? data : dataBase64;
  if (!hasData && !hasBase64) return FieldError.empty();
  if (typeof value !== 'string') return FieldError.invalidValue(value, field, 'expected a string');
  if (maxSize > -1 && Buffer.byteLength(value) > maxSize) {
    return FieldError.invalidValue(
      `the ${field} length of ${Buffer.byteLength(value)} bytes exceeds limit set at ${maxSize}.`,
      field,
    );
  }
  if (hasBase64) {
    if (!BASE64.test(value))
      return FieldError.invalidValue('base64 decoding error: illegal base64 data', field);
    if (json && !isJson(Buffer.from(value, 'base64').toString('utf8'))) {
      return FieldError.invalidValue('decoded base64 is not a valid json', field);
    }
  } else if (json && !isJson(value)) {
    return FieldError.invalidValue(`data is not a valid json: ${value}`, field);
  }
  return FieldError.empty();
}

function validate(obj: KObject, ctx: ValidationContext): FieldError {
  return validateSpec(obj, (spec) =>
    validateSchedule(spec).also(
      validateData(spec, dataMaxSize(ctx)),
      validateSourceSpec(spec, obj.metadata?.namespace),
    ),
  );
}

export const pingSourceKind: KindDef = {
  group: 'sources.knative.dev',
  kind: 'PingSource',
  storedVersion: 'v1',
  versions: ['v1alpha2', 'v1beta1', 'v1beta2', 'v1'],
  plural: 'pingsources',
  singular: 'pingsource',
  shortNames: [],
  namespaced: true,
  hasStatus: true,
  conditionTypes: SOURCE_CONDITIONS,
  // The CRD's printer columns, in kubectl's order (`ebb get` fills AGE).
  columns: [
    SINK_COLUMN,
    pathColumn('SCHEDULE', 'spec.schedule'),
    { header: 'AGE', value: (o) => o.metadata.creationTimestamp ?? '' },
    READY_COLUMN,
    REASON_COLUMN,
  ],
  convert,
  setDefaults,
  validate,
};
