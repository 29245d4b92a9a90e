/**
 * The events an ApiServerSource sends, as Knative's adapter makes them (pkg/adapter/apiserver/events):
 * types `dev.knative.apiserver.resource.{add,update,delete}` with the object as data (mode Resource) or
 * `dev.knative.apiserver.ref.{add,update,delete}` with an ObjectReference {kind, namespace, name,
 * apiVersion} (mode Reference, the default); `source` the API server's URL; `subject` the object's
 * selfLink-like path as Knative guesses it (`/apis/{apiVersion}/namespaces/{ns}/{plural}/{name}`, `/apis`
 * even for core kinds, the plural guessed from the kind); extensions `kind`, `apiversion`, `name`,
 * `namespace`; datacontenttype application/json.
 *
 * Knative gives each event a random UUID. Ebb's is a UUIDv5 of the source's uid and the change's
 * resourceVersion (and which `resources` entry matched), so an event sent again after a restart — the
 * delivery guarantee is at-least-once — carries the same id and a receiver can drop the duplicate.
 */
import { createHash } from 'node:crypto';
import type { KObject } from '../../api/object.js';
import type { EventRecord } from '../../eventing/types.js';
import type { WatchEventType } from '../../store/index.js';

export type ApiServerSourceMode = 'Reference' | 'Resource';

const VERBS: Record<WatchEventType, string> = { ADDED: 'add', MODIFIED: 'update', DELETED: 'delete' };

export function apiServerEventType(mode: ApiServerSourceMode, change: WatchEventType): string {
  return `dev.knative.apiserver.${mode === 'Resource' ? 'resource' : 'ref'}.${VERBS[change]}`;
}

/** Every type a source of `mode` sends (its `status.ceAttributes`). */
export function apiServerEventTypes(mode: ApiServerSourceMode): string[] {
  return (['ADDED', 'MODIFIED', 'DELETED'] as const).map((c) => apiServerEventType(mode, c));
}

/** apimachinery's UnsafeGuessKindToResource: lower-case, then `s`→`ses`, `y`→`ies`, else `+s`. */
export function guessPlural(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular === '' || singular.endsWith('endpoints')) return singular;
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/** Knative's createSelfLink, quirks included (a group without a version gets `/versionUnknown`). */
export function selfLink(apiVersion: string, kind: string, namespace: string, name: string): string {
  const version =
    apiVersion.includes('.') && !apiVersion.includes('/') ? `${apiVersion}/versionUnknown` : apiVersion;
  return `/apis/${version}/namespaces/${namespace}/${guessPlural(kind)}/${name}`;
}

/** corev1.ObjectReference as Go marshals it: field order kind, namespace, name, apiVersion; empty ones left out. */
function reference(obj: KObject): Record<string, string> {
  const ref: Record<string, string> = {};
  const fields: [string, string | undefined][] = [
    ['kind', obj.kind],
    ['namespace', obj.metadata.namespace],
    ['name', obj.metadata.name],
    ['apiVersion', obj.apiVersion],
  ];
  for (const [key, value] of fields) if (value) ref[key] = value;
  return ref;
}

/** RFC 9562 UUIDv5 of `name` in the namespace `namespace` (a UUID, else hashed into one). */
export function uuidV5(namespace: string, name: string): string {
  const hex = namespace.replace(/-/g, '');
  const ns = /^[0-9a-f]{32}$/i.test(hex)
    ? Buffer.from(hex, 'hex')
    : createHash('sha1').update(namespace).digest().subarray(0, 16);
  const b = createHash('sha1').update(ns).update(name).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface ApiServerEventInput {
  change: WatchEventType;
  object: KObject;
  mode: ApiServerSourceMode;
  /** The API server URL (`source`). */
  source: string;
  id: string;
  time: Date;
}

export function apiServerEvent(input: ApiServerEventInput): EventRecord {
  const { object: obj } = input;
  const namespace = obj.metadata.namespace ?? '';
  const attributes: Record<string, string> = {
    specversion: '1.0',
    id: input.id,
    source: input.source,
    type: apiServerEventType(input.mode, input.change),
    subject: selfLink(obj.apiVersion, obj.kind, namespace, obj.metadata.name),
    time: input.time.toISOString(),
    datacontenttype: 'application/json',
    kind: obj.kind,
    apiversion: obj.apiVersion,
    name: obj.metadata.name,
    namespace,
  };
  const data = input.mode === 'Resource' ? obj : reference(obj);
  return { attributes, data: Buffer.from(JSON.stringify(data), 'utf8') };
}
