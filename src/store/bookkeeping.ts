/**
 * The metadata the store owns, as pure functions over objects: what a create stores, what an update
 * keeps from the stored object, when `generation` moves. No I/O here; the SQLite store calls these inside
 * its transactions.
 */
import { randomInt } from 'node:crypto';
import { clone, isPlainObject, type KObject, type ObjectMeta } from '../api/object.js';
import { badRequest, invalid } from '../errors.js';
import { jsonEqual } from './merge-patch.js';
import type { UpdateOptions } from './types.js';

/** Kubernetes' alphabet for generated name suffixes (no vowels, no look-alikes). */
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const NAME_SUFFIX_LENGTH = 5;
/** 63 (DNS label) minus the suffix: a longer generateName is truncated, as Kubernetes does. */
const MAX_GENERATE_NAME_PREFIX = 58;

/** Top-level fields that never count as a change of the desired state. */
const NON_GENERATION_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Metadata fields set only through `orderedMeta`'s identity argument: clients cannot write them. */
const IDENTITY_META = new Set<string>([
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
]);

export interface ResourceName {
  group: string;
  plural: string;
}

/** `services.serving.knative.dev` → group `serving.knative.dev`, plural `services`; `secrets` → core. */
export function splitResource(resource: string): ResourceName {
  const dot = resource.indexOf('.');
  return dot < 0
    ? { group: '', plural: resource }
    : { group: resource.slice(dot + 1), plural: resource.slice(0, dot) };
}

/** RFC 3339 with seconds precision, the way Kubernetes writes metav1.Time: `2026-11-24T23:40:58Z`. */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().slice(0, 19) + 'Z';
}

export function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < NAME_SUFFIX_LENGTH; i++)
    suffix += NAME_SUFFIX_ALPHABET[randomInt(NAME_SUFFIX_ALPHABET.length)];
  return prefix.slice(0, MAX_GENERATE_NAME_PREFIX) + suffix;
}

/** Checks the shape the store relies on: a JSON object with a `metadata` object. */
export function assertObjectShape(obj: unknown): asserts obj is KObject {
  if (!isPlainObject(obj) || !isPlainObject(obj.metadata)) {
    throw badRequest('the object must be a JSON object with a "metadata" object');
  }
  const { name, namespace, generateName } = obj.metadata;
  for (const [field, value] of Object.entries({ name, namespace, generateName })) {
    if (value !== undefined && typeof value !== 'string')
      throw badRequest(`metadata.${field} must be a string`);
  }
}

export function namespaceOf(obj: KObject): string {
  return obj.metadata.namespace ?? '';
}

export function nameRequired(obj: KObject, group: string): Error {
  const message = 'name or generateName is required';
  return invalid(
    obj.kind ?? 'Object',
    '',
    group,
    [{ field: 'metadata.name', message, reason: 'FieldValueRequired' }],
    `metadata.name: Required value: ${message}`,
  );
}

/** Metadata in Kubernetes' usual field order, identity first; server-owned fields only from `identity`. */
function orderedMeta(identity: Partial<ObjectMeta>, rest: ObjectMeta): ObjectMeta {
  const meta = { ...identity } as ObjectMeta;
  for (const [key, value] of Object.entries(rest)) {
    if (!IDENTITY_META.has(key)) (meta as any)[key] = value;
  }
  return meta;
}

export interface CreateFacts {
  name: string;
  uid: string;
  resourceVersion: string;
  now: Date;
  /** Drop client-provided status (a kind with a status subresource). */
  dropStatus: boolean;
}

/** The object a create stores: the input with server-owned metadata set and client values of it ignored. */
export function prepareCreate(input: KObject, facts: CreateFacts): KObject {
  const next = clone(input);
  if (facts.dropStatus) delete next.status;
  const { generateName, namespace } = next.metadata;
  next.metadata = orderedMeta(
    {
      name: facts.name,
      ...(generateName ? { generateName } : {}),
      ...(namespace ? { namespace } : {}),
      uid: facts.uid,
      resourceVersion: facts.resourceVersion,
      generation: 1,
      creationTimestamp: rfc3339Seconds(facts.now),
    },
    next.metadata,
  );
  return next;
}

/** True when anything but apiVersion/kind/metadata/status differs: Kubernetes' rule for CRDs. */
export function desiredStateChanged(before: KObject, after: KObject): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (!NON_GENERATION_FIELDS.has(key) && !jsonEqual(before[key], after[key])) return true;
  }
  return false;
}

/**
 * The object an update would store, before a new resourceVersion is assigned: its resourceVersion is still
 * the stored one, so `jsonEqual(result, stored)` means the write changes nothing.
 */
export function prepareUpdate(stored: KObject, input: KObject, options: UpdateOptions = {}): KObject {
  let next: KObject;
  if (options.subresource === 'status') {
    next = clone(stored);
    if (input.status === undefined) delete next.status;
    else next.status = clone(input.status);
  } else {
    next = clone(input);
    if (options.hasStatus) {
      if (stored.status === undefined) delete next.status;
      else next.status = clone(stored.status);
    }
  }
  const kept = stored.metadata;
  next.metadata = orderedMeta(
    {
      name: kept.name,
      ...(next.metadata.generateName ? { generateName: next.metadata.generateName } : {}),
      ...(kept.namespace ? { namespace: kept.namespace } : {}),
      uid: kept.uid,
      resourceVersion: kept.resourceVersion,
      generation: kept.generation,
      creationTimestamp: kept.creationTimestamp,
      ...(kept.deletionTimestamp ? { deletionTimestamp: kept.deletionTimestamp } : {}),
    },
    next.metadata,
  );
  if (desiredStateChanged(stored, next)) next.metadata.generation = (stored.metadata.generation ?? 0) + 1;
  return clone(next);
}
