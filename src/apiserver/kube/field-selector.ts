/**
 * Field selectors on list and watch (`fieldSelector=metadata.name=a,metadata.namespace!=b`), with the
 * fields Kubernetes supports for every resource: `metadata.name` and `metadata.namespace`. Operators are
 * `=`, `==` and `!=`; `\` escapes `,`, `=` and `!` in values, as in k8s.io/apimachinery/pkg/fields. A field
 * Ebb cannot select on is a 400 naming it: a selector is never silently ignored, because a client such as
 * `kubectl wait ksvc/a` trusts it to pick the one object it asked for.
 */
import type { KObject } from '../../api/object.js';
import { badRequest } from '../../errors.js';

export const SELECTABLE_FIELDS = ['metadata.name', 'metadata.namespace'] as const;
type SelectableField = (typeof SELECTABLE_FIELDS)[number];

export interface FieldRequirement {
  field: SelectableField;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  readonly empty: boolean;
  readonly requirements: readonly FieldRequirement[];
  matches(obj: KObject): boolean;
}

const fieldValue = (obj: KObject, field: SelectableField): string =>
  (field === 'metadata.name' ? obj.metadata?.name : obj.metadata?.namespace) ?? '';

/** Parses a field selector; undefined or '' selects everything. Throws a 400 ApiError when invalid. */
export function parseFieldSelector(text: string | undefined | null): FieldSelector {
  const requirements = text ? splitTerms(text).map(parseTerm) : [];
  return {
    empty: requirements.length === 0,
    requirements,
    matches: (obj) => requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '=')),
  };
}

/** Splits on unescaped commas, keeping escapes for the term parser. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === ',') {
      terms.push(current);
      current = '';
    } else current += c;
  }
  terms.push(current);
  return terms.filter((t) => t.trim() !== '');
}

function parseTerm(term: string): FieldRequirement {
  let field = '';
  let i = 0;
  for (; i < term.length; i++) {
    const c = term[i]!;
    if (c === '=' || (c === '!' && term[i + 1] === '=')) break;
    if (c === '\\') throw badRequest(`invalid field selector "${term}": escapes are only allowed in values`);
    field += c;
  }
  if (i >= term.length)
    throw badRequest(`invalid field selector "${term}": expected field=value or field!=value`);
  let op: FieldRequirement['op'];
  if (term.startsWith('!=', i)) {
    op = '!=';
    i += 2;
  } else if (term.startsWith('==', i)) {
    op = '=';
    i += 2;
  } else {
    op = '=';
    i += 1;
  }
  const value = unescapeValue(term.slice(i), term);
  field = field.trim();
  if (!(SELECTABLE_FIELDS as readonly string[]).includes(field)) {
    throw badRequest(
      `field label not supported: ${field} (Ebb selects on ${SELECTABLE_FIELDS.join(' and ')})`,
    );
  }
  return { field: field as SelectableField, op, value };
}

function unescapeValue(raw: string, term: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') {
      const next = raw[i + 1];
      if (next !== '\\' && next !== ',' && next !== '=' && next !== '!')
        throw badRequest(`invalid field selector "${term}": invalid escape sequence`);
      out += next;
      i++;
    } else if (c === '=' || c === ',' || (c === '!' && raw[i + 1] === '=')) {
      throw badRequest(`invalid field selector "${term}": unescaped "${c}" in the value`);
    } else out += c;
  }
  return out;
}
