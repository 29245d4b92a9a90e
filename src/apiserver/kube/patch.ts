/**
 * PATCH bodies by content type, as kube-apiserver accepts them: JSON merge patch (RFC 7386, also for a
 * plain `application/json`), JSON patch (RFC 6902), and strategic merge patch for the built-in kinds only
 * (kubectl sends it for ConfigMap, Secret and the other kinds it knows; strategic-merge-patch.ts).
 * Server-side apply (`application/apply-patch+yaml`) is
 * server-side-apply.ts; the API server routes it there before calling `applyPatch`.
 */
import type { KindDef } from '../../api/kind.js';
import { clone, isPlainObject, type KObject } from '../../api/object.js';
import { ApiError, badRequest } from '../../errors.js';
import { applyMergePatch } from '../../store/merge-patch.js';
import { applyJsonPatch } from './json-patch.js';
import { applyStrategicMergePatch, listStrategies } from './strategic-merge-patch.js';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

const isBuiltIn = (def: KindDef) => !def.group.endsWith('knative.dev');

export function patchTypesFor(def: KindDef): string[] {
  return [JSON_PATCH, MERGE_PATCH, APPLY_PATCH, ...(isBuiltIn(def) ? [STRATEGIC_MERGE_PATCH] : [])];
}

/** The content type of a request, lower-cased, without parameters. */
export const mediaType = (header: string | undefined): string =>
  (header ?? '').split(';')[0]!.trim().toLowerCase();

/** Applies `body` (decoded) to the stored object `old` according to `contentType`; `old` is not modified. */
export function applyPatch(def: KindDef, old: KObject, body: unknown, contentType: string): KObject {
  const accepted = patchTypesFor(def).filter((t) => t !== APPLY_PATCH);
  if (contentType === JSON_PATCH) return applyJsonPatch(old, body) as KObject;
  const merge = contentType === MERGE_PATCH || contentType === 'application/json';
  const strategic = contentType === STRATEGIC_MERGE_PATCH && accepted.includes(contentType);
  if (!merge && !strategic) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')} (got ${contentType || 'no content-type'})`,
    );
  }
  if (!isPlainObject(body)) throw badRequest('a merge patch must be a JSON object');
  if (strategic) return applyStrategicMergePatch(clone(old), body, listStrategies(def.kind)) as KObject;
  return applyMergePatch(clone(old), body) as KObject;
}
