/**
 * Small shared helpers for the eventing kinds: type guards for untyped manifest values, the `ebb get`
 * columns every kind shares (READY and REASON from the Ready condition), and object copying for convert.
 */
import { FieldError } from '../field-error.js';
import type { Column, KindDef } from '../kind.js';
import type { KObject } from '../object.js';
import { clone, groupOf, isPlainObject, versionOf } from '../object.js';

export type Obj = Record<string, unknown>;

export const isObj = isPlainObject;

/** True for a value a manifest author set: not undefined, not null. */
export const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** A non-empty string, or undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function readyCondition(obj: KObject) {
  return obj.status?.conditions?.find((c) => c.type === 'Ready');
}

export const READY_COLUMN: Column = { header: 'READY', value: (o) => readyCondition(o)?.status ?? '' };
export const REASON_COLUMN: Column = { header: 'REASON', value: (o) => readyCondition(o)?.reason ?? '' };

/** A column that prints a string at a dotted path, empty when absent. */
export function pathColumn(header: string, path: string): Column {
  const keys = path.split('.');
  return {
    header,
    value(obj) {
      let cur: unknown = obj;
      for (const key of keys) cur = isObj(cur) ? cur[key] : undefined;
      return typeof cur === 'string' || typeof cur === 'number' ? String(cur) : '';
    },
  };
}

export const URL_COLUMN = pathColumn('URL', 'status.address.url');
/** AGE at the CRD's place among the columns (`ebb get` renders the timestamp as an age). */
export const AGE_COLUMN: Column = { header: 'AGE', value: (o) => o.metadata.creationTimestamp ?? '' };
export const SINK_COLUMN = pathColumn('SINK', 'status.sinkUri');

/**
 * The start of every convert: a deep copy of the input (never mutated) with apiVersion set to the stored
 * one, plus the version the input was written at, for version-specific rewrites.
 */
export function toStored(def: KindDef, obj: KObject): { out: KObject; from: string; fromGroup: string } {
  const out = clone(obj);
  const fromGroup = groupOf(obj.apiVersion);
  const from = versionOf(obj.apiVersion);
  out.apiVersion = `${def.group}/${def.storedVersion}`;
  return { out, from, fromGroup };
}

/** Spec as a mutable record (creating an empty one when absent). */
export function specOf(obj: KObject): Obj {
  if (!isObj(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

/** Spec as a read-only record for validation ({} when absent or not an object). */
export function readSpec(obj: KObject): Obj {
  return isObj(obj.spec) ? obj.spec : {};
}

/**
 * Validates a kind's spec: a spec that is not an object is one error on `spec`; otherwise `check` runs on
 * it (an absent spec reads as `{}`) and its errors are placed under `spec`.
 */
export function validateSpec(obj: KObject, check: (spec: Obj) => FieldError): FieldError {
  if (isSet(obj.spec) && !isObj(obj.spec))
    return FieldError.invalidValue(obj.spec, 'spec', 'expected an object');
  return check(readSpec(obj)).viaField('spec');
}

/**
 * Places `err` under `field[index]` (`containers[0].image`). The prefix is added as one field, because
 * FieldError.viaIndex joins an index and a following field name without a dot (`[0]image`).
 */
export function viaFieldIndex(err: FieldError, field: string, index: number): FieldError {
  return err.viaField(`${field}[${index}]`);
}

/** Places `err` under `field[key]` (`annotations[knative.dev/dependency].kind`); see viaFieldIndex. */
export function viaFieldKey(err: FieldError, field: string, key: string): FieldError {
  return err.viaField(`${field}[${key}]`);
}

/** An error on annotation `key`: path `metadata.annotations[key]`. */
export function viaAnnotation(err: FieldError, key: string): FieldError {
  return viaFieldKey(err, 'annotations', key).viaField('metadata');
}

/** kmp.ShortDiff-style details for an immutable-field error. */
export function diffDetails(oldValue: unknown, newValue: unknown): string {
  return `-: ${JSON.stringify(oldValue ?? null)}\n+: ${JSON.stringify(newValue ?? null)}`;
}

/** The object's annotation `key`, or undefined. */
export function annotation(obj: KObject, key: string): string | undefined {
  return obj.metadata?.annotations?.[key];
}

/** Sets annotation `key` in place (creating the map). */
export function setAnnotation(obj: KObject, key: string, value: string): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [key]: value };
}
