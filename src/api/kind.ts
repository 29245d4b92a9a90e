/**
 * A resource kind's definition: its names (for the REST paths and the CLI), its versions, and the pure
 * functions the API server runs on every write: convert (older input versions → stored version), defaults,
 * validate (create) and validateUpdate (immutable fields). Every kind module exports one `KindDef`.
 */
import type { FieldError } from './field-error.js';
import type { KObject } from './object.js';

export interface KindDef {
  group: string; // '' for core
  kind: string;
  /** The version objects are stored and served at. */
  storedVersion: string;
  /** Versions accepted on input (including storedVersion), converted to storedVersion on write. */
  versions: string[];
  /** Extra groups accepted on input for this kind, e.g. `sources.eventing.knative.dev` for RocketMQSource. */
  legacyGroups?: string[];
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** True when the kind has a status subresource: a main-resource write never changes status. */
  hasStatus: boolean;
  /** Names of the kind's top-level status condition types, Ready first (empty when it has none). */
  conditionTypes: string[];
  /** Columns for `ebb get`; `wide` adds the columns marked wide. */
  columns?: Column[];
  /** Convert an object from any accepted apiVersion to the stored one (returns a new object). */
  convert?(obj: KObject): KObject;
  /** Fill defaults in place (Knative's SetDefaults). Must be idempotent. */
  setDefaults?(obj: KObject, ctx: DefaultsContext): void;
  /** Validate a (converted, defaulted) object for create. */
  validate?(obj: KObject, ctx: ValidationContext): FieldError;
  /** Extra checks on update (immutable fields). Runs after validate. */
  validateUpdate?(oldObj: KObject, newObj: KObject, ctx: ValidationContext): FieldError;
}

export interface Column {
  header: string;
  /** Returns the cell text for an object. */
  value(obj: KObject): string;
  wide?: boolean;
}

export interface DefaultsContext {
  /** ConfigMap data lookup: `config('knative-serving', 'config-defaults')`, undefined when absent. */
  config(namespace: string, name: string): Record<string, string> | undefined;
}

export interface ValidationContext extends DefaultsContext {
  /** 'create' or 'update'. */
  operation: 'create' | 'update';
}

export const apiVersionOf = (def: KindDef): string =>
  def.group === '' ? def.storedVersion : `${def.group}/${def.storedVersion}`;
