/**
 * Server-side field validation (`fieldValidation=Strict|Warn|Ignore`, Kubernetes' default Warn): fields the
 * published schema (openapi-schemas.ts) does not know — at the top level of an object and in its metadata —
 * are rejected (Strict: 400 `strict decoding error: unknown field "…"`), reported in `Warning` headers
 * (Warn), or let through (Ignore). Inside spec, status and the other open fields admission is the judge.
 * Because Ebb's OpenAPI lists this parameter, kubectl leaves validation to the server and sends Strict.
 */
import type { ServerResponse } from 'node:http';
import type { KindDef } from '../../api/kind.js';
import { isPlainObject } from '../../api/object.js';
import { badRequest } from '../../errors.js';
import { kindSchema, objectMetaSchema } from './openapi-schemas.js';

export const FIELD_VALIDATION_MODES = ['Strict', 'Warn', 'Ignore'] as const;
export type FieldValidation = (typeof FIELD_VALIDATION_MODES)[number];

export function parseFieldValidation(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return 'Warn';
  if ((FIELD_VALIDATION_MODES as readonly string[]).includes(value)) return value as FieldValidation;
  throw badRequest(`fieldValidation must be one of ${FIELD_VALIDATION_MODES.join(', ')}, was: ${value}`);
}

const propertiesOf = (schema: Record<string, unknown>) =>
  new Set(Object.keys((schema.properties as Record<string, unknown>) ?? {}));
const META_FIELDS = propertiesOf(objectMetaSchema());

/** Paths of the fields of `obj` the kind's schema does not know, e.g. `spek`, `metadata.lables`. */
export function unknownFields(def: KindDef, obj: unknown): string[] {
  if (!isPlainObject(obj)) return [];
  const known = propertiesOf(kindSchema(def));
  const unknown = Object.keys(obj).filter((k) => !known.has(k));
  if (isPlainObject(obj.metadata)) {
    unknown.push(
      ...Object.keys(obj.metadata)
        .filter((k) => !META_FIELDS.has(k))
        .map((k) => `metadata.${k}`),
    );
  }
  return unknown;
}

/** Applies `mode` to `obj`: throws for Strict, sets Warning headers for Warn. */
export function enforceFieldValidation(
  def: KindDef,
  obj: unknown,
  mode: FieldValidation,
  res: ServerResponse,
): void {
  if (mode === 'Ignore') return;
  const unknown = unknownFields(def, obj);
  if (unknown.length === 0) return;
  if (mode === 'Strict') {
    throw badRequest(`strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  res.setHeader(
    'warning',
    unknown.map((f) => `299 - ${JSON.stringify(`unknown field "${f}"`)}`),
  );
}
