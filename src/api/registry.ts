/**
 * Every kind Ebb serves, and the lookups the API server and CLI use: by REST path, by an object's
 * apiVersion/kind, and by the names kubectl and kn accept (kind, plural, singular, short names,
 * `plural.group`).
 */
import { BATCH_KINDS } from './batch/index.js';
import { CORE_KINDS } from './core/index.js';
import { EVENTING_KINDS } from './eventing/index.js';
import type { KindDef } from './kind.js';
import { groupOf, versionOf } from './object.js';
import { SERVICE, SERVING_KINDS } from './serving/index.js';

export const KINDS: readonly KindDef[] = [...CORE_KINDS, ...SERVING_KINDS, ...EVENTING_KINDS, ...BATCH_KINDS];

/**
 * Names that point somewhere no CRD says: Ebb has no core Service, so kubectl's `svc` means the Knative
 * Service (as `service` and `services` already do through its singular and plural).
 */
const EXTRA_NAMES: Record<string, KindDef> = { svc: SERVICE };

/** The store's resource name: `plural.group`, or `plural` for the core group. */
export function resourceOf(def: KindDef): string {
  return def.group === '' ? def.plural : `${def.plural}.${def.group}`;
}

const groupsOf = (def: KindDef) => [def.group, ...(def.legacyGroups ?? [])];

export function kindForPath(group: string, version: string, plural: string): KindDef | undefined {
  return KINDS.find(
    (def) => def.plural === plural && def.versions.includes(version) && groupsOf(def).includes(group),
  );
}

export function kindForObject(apiVersion: string, kind: string): KindDef | undefined {
  const group = groupOf(apiVersion);
  const version = versionOf(apiVersion);
  return KINDS.find(
    (def) => def.kind === kind && def.versions.includes(version) && groupsOf(def).includes(group),
  );
}

const namesOf = (def: KindDef) => [def.kind.toLowerCase(), def.plural, def.singular, ...def.shortNames];

/**
 * A CLI kind name: `Service`, `services`, `ksvc`, `svc`, `services.serving.knative.dev`,
 * `services.v1.serving.knative.dev`, `rocketmqsources.sources.eventing.knative.dev`. Case-insensitive.
 */
export function kindForName(name: string): KindDef | undefined {
  const lower = name.trim().toLowerCase();
  if (lower === '') return undefined;
  const dot = lower.indexOf('.');
  if (dot < 0) return KINDS.find((def) => namesOf(def).includes(lower)) ?? EXTRA_NAMES[lower];
  const base = lower.slice(0, dot);
  const rest = lower.slice(dot + 1);
  const matches = (def: KindDef, qualifier: string) =>
    namesOf(def).includes(base) &&
    groupsOf(def).some((g) => qualifier === g || def.versions.some((v) => qualifier === `${v}.${g}`));
  return KINDS.find((def) => matches(def, rest));
}
