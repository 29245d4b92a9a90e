/**
 * Records where an object came from: the absolute folder of its manifest, in the `ebb.dev/source-dir`
 * annotation on its metadata and, for Services and Configurations, on its revision template too (so the
 * Revision carries it, and applying from another folder makes a new Revision). The revision runtime starts
 * a container's relative paths there. `ebb apply -f FILE` uses it with the file's folder (`Manifest.dir`),
 * and so can any command that sends objects it built for a folder.
 */
import { resolve } from 'node:path';
import { clone, isPlainObject, type KObject } from '../api/object.js';
import { SERVING_GROUP, SOURCE_DIR_ANNOTATION } from '../api/serving/index.js';

const TEMPLATED_SERVING_KINDS = new Set(['Service', 'Configuration']);

/**
 * A copy of `object` with `dir` (absolute) recorded. A value the object already carries is kept, resolved
 * against `dir` when relative, so re-applying `ebb get -o yaml` output keeps pointing where it did.
 */
export function withSourceDir(object: KObject, dir: string): KObject {
  const out = clone(object);
  const own = annotate(out.metadata, dir);
  const template = out.spec?.template;
  if (isServing(out) && TEMPLATED_SERVING_KINDS.has(out.kind) && isPlainObject(template)) {
    if (template.metadata === undefined) template.metadata = {};
    if (isPlainObject(template.metadata)) annotate(template.metadata, dir, own);
  }
  return out;
}

/** Sets the annotation to `fallback` unless present (then resolves it against `dir`); returns its value. */
function annotate(meta: Record<string, any>, dir: string, fallback = dir): string {
  if (meta.annotations === undefined || meta.annotations === null) meta.annotations = {};
  if (!isPlainObject(meta.annotations)) return fallback;
  const given = meta.annotations[SOURCE_DIR_ANNOTATION];
  const value = typeof given === 'string' && given !== '' ? resolve(dir, given) : fallback;
  meta.annotations[SOURCE_DIR_ANNOTATION] = value;
  return value;
}

const isServing = (obj: KObject): boolean => obj.apiVersion.split('/')[0] === SERVING_GROUP;
