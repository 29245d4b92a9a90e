/**
 * Resolves a Knative Destination (`ref` and/or `uri`) to a URL, as knative.dev/pkg's URI resolver does:
 * a ref's `status.address.url` (or `status.url`), with a relative `uri` joined onto it; a `uri` alone as
 * is. Failures say which object could not be found or has no address yet.
 */
import type { KObject } from '../api/object.js';
import { kindForObject, resourceOf } from '../api/registry.js';
import type { ResourceStore } from '../store/types.js';

export type Resolved = { ok: true; uri: string } | { ok: false; reason: string; message: string };

export function resolveDestination(store: ResourceStore, dest: any, namespace: string): Resolved {
  if (!dest || (dest.ref === undefined && dest.uri === undefined)) {
    return { ok: false, reason: 'EmptyDestination', message: 'the destination has neither ref nor uri' };
  }
  if (!dest.ref) return { ok: true, uri: String(dest.uri) };
  const ref = dest.ref;
  const def = kindForObject(ref.apiVersion ?? '', ref.kind ?? '');
  const ns = ref.namespace || namespace;
  const what = `${ref.kind} ${ns}/${ref.name}`;
  if (!def) {
    return {
      ok: false,
      reason: 'NotAddressable',
      message: `${ref.apiVersion} ${ref.kind} is not a kind Ebb knows`,
    };
  }
  const obj = store.get({ resource: resourceOf(def), namespace: def.namespaced ? ns : '', name: ref.name });
  if (!obj) return { ok: false, reason: 'NotFound', message: `failed to get object ${what}: not found` };
  const base = addressOf(obj);
  if (!base) return { ok: false, reason: 'NotAddressable', message: `${what} does not have an address yet` };
  if (!dest.uri) return { ok: true, uri: base };
  try {
    return { ok: true, uri: new URL(String(dest.uri), base.endsWith('/') ? base : `${base}/`).toString() };
  } catch {
    return { ok: false, reason: 'InvalidURI', message: `cannot join ${dest.uri} onto ${base}` };
  }
}

function addressOf(obj: KObject): string | undefined {
  const status = obj.status as any;
  return status?.address?.url ?? status?.url;
}
