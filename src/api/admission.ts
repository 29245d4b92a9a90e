/**
 * Admission: what the API server runs on every create and update before storing, as Kubernetes and
 * Knative's webhooks do it: convert to the stored version → defaults → validate (metadata, the kind's own
 * rules, and on update its immutability rules). Any problem is one 422 with a cause per field, so nothing
 * is half-stored. Pure: the input is never mutated.
 */
import { type ApiError, badRequest, invalid } from '../errors.js';
import { ConversionError } from './common/conversion-error.js';
import { nameValidatorFor, validateObjectMeta } from './common/metadata.js';
import { FieldError } from './field-error.js';
import { apiVersionOf, type KindDef, type ValidationContext } from './kind.js';
import { clone, groupOf, isPlainObject, type KObject, versionOf } from './object.js';

export function admit(def: KindDef, input: KObject, ctx: ValidationContext, oldObj?: KObject): KObject {
  checkTypeMeta(def, input);
  let obj = clone(input);
  if (!isPlainObject(obj.metadata)) {
    if (obj.metadata !== undefined && obj.metadata !== null) {
      throw badRequest(`metadata must be an object in the ${def.kind} "${nameOf(input)}"`);
    }
    obj.metadata = { name: '' };
  }
  if (def.convert) {
    try {
      obj = def.convert(obj);
    } catch (err) {
      if (err instanceof ConversionError) throw invalidError(def, obj, err.fieldError);
      throw err;
    }
  }
  obj.apiVersion = apiVersionOf(def);
  def.setDefaults?.(obj, ctx);

  let errs = validateObjectMeta(obj.metadata, {
    namespaced: def.namespaced,
    nameValidator: nameValidatorFor(def),
  })
    .viaField('metadata')
    .also(def.validate?.(obj, ctx));
  if (oldObj) {
    errs = errs.also(identityChanges(oldObj, obj), def.validateUpdate?.(oldObj, obj, ctx));
  }
  if (!errs.isEmpty) throw invalidError(def, obj, errs);
  return obj;
}

function checkTypeMeta(def: KindDef, input: KObject): void {
  if (!isPlainObject(input)) throw badRequest('the object must be a JSON object');
  const { apiVersion, kind } = input;
  if (typeof kind !== 'string' || kind === '')
    throw badRequest(`Object 'Kind' is missing in the ${def.kind} object`);
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    throw badRequest(`Object 'apiVersion' is missing in the ${kind} object`);
  }
  if (kind !== def.kind) {
    throw badRequest(`the kind in the object (${kind}) does not match the expected kind (${def.kind})`);
  }
  const group = groupOf(apiVersion);
  if (
    !(group === def.group || def.legacyGroups?.includes(group)) ||
    !def.versions.includes(versionOf(apiVersion))
  ) {
    throw badRequest(
      `the API version in the object (${apiVersion}) is not one ${def.kind} accepts (${acceptedVersions(def).join(', ')})`,
    );
  }
}

function acceptedVersions(def: KindDef): string[] {
  const groups = [def.group, ...(def.legacyGroups ?? [])];
  return groups.flatMap((g) => def.versions.map((v) => (g === '' ? v : `${g}/${v}`)));
}

/** Name and namespace are an object's identity: an update cannot change them. */
function identityChanges(oldObj: KObject, obj: KObject): FieldError {
  let errs = FieldError.empty();
  for (const field of ['name', 'namespace'] as const) {
    const before = oldObj.metadata?.[field] ?? '';
    const after = obj.metadata[field] ?? '';
    if (before !== after) errs = errs.also(FieldError.immutable(`metadata.${field}`, `-${before} +${after}`));
  }
  return errs;
}

function nameOf(obj: KObject): string {
  const meta: unknown = obj.metadata;
  if (!isPlainObject(meta)) return '';
  if (typeof meta.name === 'string' && meta.name !== '') return meta.name;
  return typeof meta.generateName === 'string' ? meta.generateName : '';
}

function invalidError(def: KindDef, obj: KObject, errs: FieldError): ApiError {
  return invalid(def.kind, nameOf(obj), def.group, errs.causes(), errs.toString());
}
