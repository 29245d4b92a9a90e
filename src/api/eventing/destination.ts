/**
 * Knative's addressing types: KReference ({apiVersion, kind, name, namespace?}) and Destination (a `ref`
 * and/or a `uri`, knative.dev/pkg/apis/duck/v1.Destination). Validation returns errors relative to the
 * value, for the caller to place with `viaField('subscriber')`; defaults fill the ref's namespace from the
 * parent object, as Knative's SetDefaults does; `upgradeDestination` is the conversion of older shapes.
 */
import { FieldError } from '../field-error.js';
import { currentApiVersion } from './api-versions.js';
import { isObj, isSet, type Obj, str } from './util.js';

export interface KReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Destination {
  ref?: KReference;
  uri?: string;
  CACerts?: string;
  audience?: string;
}

/**
 * Validates a KReference (knative.dev/pkg KReference.Validate): name, apiVersion and kind are required;
 * a namespace other than the parent's is "mismatched namespaces" (Knative's default, cross-namespace
 * event links off).
 */
export function validateKReference(ref: unknown, parentNamespace?: string): FieldError {
  if (!isObj(ref)) {
    if (isSet(ref)) return FieldError.invalidValue(ref, '', 'expected an object {apiVersion, kind, name}');
    return FieldError.missing('name').also(FieldError.missing('apiVersion'), FieldError.missing('kind'));
  }
  let errs = FieldError.empty();
  for (const field of ['name', 'apiVersion', 'kind'] as const) {
    const value = ref[field];
    if (!isSet(value) || value === '') errs = errs.also(FieldError.missing(field));
    else if (typeof value !== 'string')
      errs = errs.also(FieldError.invalidValue(value, field, 'expected a string'));
  }
  const ns = ref.namespace;
  if (isSet(ns) && typeof ns !== 'string') {
    errs = errs.also(FieldError.invalidValue(ns, 'namespace', 'expected a string'));
  } else if (typeof ns === 'string' && ns !== '' && parentNamespace && ns !== parentNamespace) {
    errs = errs.also(
      FieldError.of(
        'mismatched namespaces',
        'namespace',
        'FieldValueInvalid',
        `parent namespace: "${parentNamespace}" does not match ref: "${ns}"`,
      ),
    );
  }
  return errs;
}

/** True when neither a ref nor a uri is set (Knative's isDestinationNilOrEmpty). */
export function isDestinationEmpty(dest: unknown): boolean {
  return !isObj(dest) || (!isSet(dest.ref) && !isSet(dest.uri));
}

function isAbsoluteUri(uri: string): boolean {
  try {
    return new URL(uri).host !== '';
  } catch {
    return false;
  }
}

/**
 * Validates a Destination (duckv1.Destination.Validate). With neither `ref` nor `uri` the error is
 * "expected at least one, got none" on the destination itself (Knative names `ref, uri`; Ebb names the
 * field the user left out, e.g. `spec.subscriber`).
 */
export function validateDestination(dest: unknown, parentNamespace?: string): FieldError {
  if (isSet(dest) && !isObj(dest)) {
    return FieldError.invalidValue(dest, '', 'expected an object with ref and/or uri');
  }
  if (isDestinationEmpty(dest))
    return FieldError.of('expected at least one, got none', '', 'FieldValueRequired');
  const d = dest as Obj;
  const { ref, uri } = d;
  if (isSet(uri) && typeof uri !== 'string') return FieldError.invalidValue(uri, 'uri', 'expected a string');
  let errs = FieldError.empty();
  if (isSet(ref)) {
    if (typeof uri === 'string' && isAbsoluteUri(uri)) {
      return FieldError.of('Absolute URI is not allowed when Ref or [apiVersion, kind, name] exists', [
        'ref',
        'uri',
      ]);
    }
    errs = errs.also(validateKReference(ref, parentNamespace).viaField('ref'));
  } else if (typeof uri === 'string' && !isAbsoluteUri(uri)) {
    errs = errs.also(
      FieldError.invalidValue(
        uri,
        'uri',
        'Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent',
      ),
    );
  }
  const caCerts = d.CACerts;
  if (isSet(caCerts) && (typeof caCerts !== 'string' || !caCerts.includes('-----BEGIN CERTIFICATE-----'))) {
    errs = errs.also(FieldError.of('CA Cert provided is invalid', 'CACerts', 'FieldValueInvalid'));
  }
  if (isSet(d.audience) && typeof d.audience !== 'string') {
    errs = errs.also(FieldError.invalidValue(d.audience, 'audience', 'expected a string'));
  }
  return errs;
}

/** Validates a destination that may be absent (reply, deadLetterSink): nothing to check when unset. */
export function validateOptionalDestination(dest: unknown, parentNamespace?: string): FieldError {
  return isSet(dest) ? validateDestination(dest, parentNamespace) : FieldError.empty();
}

/** Fills a ref's missing namespace with the parent's (KReference.SetDefaults), in place. */
export function defaultKReference(ref: unknown, namespace: string | undefined): void {
  if (isObj(ref) && namespace && !str(ref.namespace)) ref.namespace = namespace;
}

/** Destination.SetDefaults: the ref's namespace defaults to the parent's. In place. */
export function defaultDestination(dest: unknown, namespace: string | undefined): void {
  if (isObj(dest)) defaultKReference(dest.ref, namespace);
}

/** Upgrades a reference's apiVersion to the kind's current one (returns a new object). */
export function upgradeRef(ref: unknown): unknown {
  if (!isObj(ref) || typeof ref.apiVersion !== 'string' || typeof ref.kind !== 'string') return ref;
  return { ...ref, apiVersion: currentApiVersion(ref.apiVersion, ref.kind) };
}

/**
 * Converts a destination written for an older API: the deprecated inline form (`{apiVersion, kind, name}`
 * directly on the destination, as v1alpha1 sinks were written) moves under `ref`, and the ref's apiVersion
 * is upgraded. Returns a new value; anything that is not a destination is returned as is.
 */
export function upgradeDestination(dest: unknown): unknown {
  if (!isObj(dest)) return dest;
  const { apiVersion, kind, name, namespace, ...rest } = dest;
  const out: Obj = { ...rest };
  if (!isSet(rest.ref) && (isSet(apiVersion) || isSet(kind) || isSet(name))) {
    out.ref = { apiVersion, kind, name, ...(isSet(namespace) ? { namespace } : {}) };
  } else {
    // Not the inline form: keep any stray fields where they were.
    Object.assign(out, pick(dest, ['apiVersion', 'kind', 'name', 'namespace']));
  }
  if (isSet(out.ref)) out.ref = upgradeRef(out.ref);
  return out;
}

function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  return out;
}
