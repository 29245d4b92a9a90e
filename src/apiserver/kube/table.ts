/**
 * Server-side printing: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` on get and list answers a
 * meta.k8s.io Table, which is what `kubectl get` prints. Columns are NAME, then the kind's printer columns
 * (KindDef.columns: Knative's `additionalPrinterColumns`, in the CRDs' order, so AGE appears only where the
 * CRD puts it); built-in kinds end with AGE as kube-apiserver's printers do. Rows carry the object as
 * PartialObjectMetadata (or whole, or not at all) per `includeObject`.
 */
import type { Column, KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { age } from '../../cli/age.js';
import { ApiError, badRequest } from '../../errors.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableRequest {
  /** meta.k8s.io version the client asked for (`v1` or `v1beta1`). */
  version: string;
  includeObject: IncludeObject;
}

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim());
      return {
        type: type.toLowerCase(),
        params: Object.fromEntries(
          params.map((p) => {
            const eq = p.indexOf('=');
            return eq < 0 ? [p, ''] : [p.slice(0, eq).trim(), p.slice(eq + 1).trim()];
          }),
        ),
      };
    })
    .filter((r) => r.type !== '');
}

const TABLE_VERSIONS = ['v1', 'v1beta1'];

/**
 * The Table the client wants, or undefined for plain objects. The first media range Ebb can serve wins, as
 * in kube-apiserver's negotiation; asking only for a conversion Ebb does not make (`as=` other than a
 * meta.k8s.io v1/v1beta1 Table) is a 406.
 */
export function tableRequest(accept: string | undefined, query: URLSearchParams): TableRequest | undefined {
  const ranges = parseAccept(accept ?? '');
  let askedForAs = false;
  for (const r of ranges) {
    askedForAs ||= r.params.as !== undefined;
    const json = r.type === 'application/json' || r.type === 'application/*' || r.type === '*/*';
    if (!json) continue;
    if (r.params.as === undefined) return undefined;
    if (
      r.params.as === 'Table' &&
      r.params.g === 'meta.k8s.io' &&
      TABLE_VERSIONS.includes(r.params.v ?? '')
    ) {
      return { version: r.params.v!, includeObject: includeObjectOf(query.get('includeObject')) };
    }
  }
  if (!askedForAs) return undefined; // e.g. only text/html: answered as JSON, as before
  throw new ApiError(
    406,
    'NotAcceptable',
    `only the following media types are accepted: application/json, application/json;as=Table;v=v1;g=meta.k8s.io (asked for ${accept})`,
  );
}

function includeObjectOf(value: string | null): IncludeObject {
  if (value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw badRequest(`includeObject must be None, Metadata or Object, was: ${value}`);
}

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created.';

const isAge = (c: Column) => c.header.toUpperCase() === 'AGE';
const isKnative = (def: KindDef) => def.group.endsWith('knative.dev');

interface Printed {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell(obj: KObject, now: number): string;
}

function printedColumns(def: KindDef): Printed[] {
  const name: Printed = {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: NAME_DESCRIPTION,
    priority: 0,
    cell: (o) => o.metadata.name ?? '',
  };
  const ageColumn: Printed = {
    name: 'Age',
    type: 'string',
    format: '',
    description: AGE_DESCRIPTION,
    priority: 0,
    cell: (o, now) => age(o.metadata.creationTimestamp, now),
  };
  const own = (def.columns ?? []).map(
    (c): Printed =>
      isAge(c)
        ? { ...ageColumn, priority: c.wide ? 1 : 0 }
        : {
            name: c.header,
            type: 'string',
            format: '',
            description: c.header,
            priority: c.wide ? 1 : 0,
            cell: (o) => safeCell(c, o),
          },
  );
  const wide = own.filter((c) => c.priority > 0);
  const narrow = own.filter((c) => c.priority === 0);
  if (isKnative(def) || own.some((c) => c.name === 'Age')) return [name, ...narrow, ...wide];
  // kube-apiserver's printers put AGE after the narrow columns, before the wide ones.
  return [name, ...narrow, ageColumn, ...wide];
}

function safeCell(c: Column, obj: KObject): string {
  try {
    return c.value(obj);
  } catch {
    return '';
  }
}

function rowObject(obj: KObject, version: string, include: IncludeObject): Record<string, unknown> {
  if (include === 'None') return {};
  if (include === 'Object') return { object: obj };
  return {
    object: { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata },
  };
}

export function toTable(
  def: KindDef,
  objects: KObject[],
  request: TableRequest,
  listMeta: Record<string, unknown> = {},
  now: number = Date.now(),
): Record<string, unknown> {
  const columns = printedColumns(def);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${request.version}`,
    metadata: listMeta,
    columnDefinitions: columns.map(({ cell: _cell, ...definition }) => definition),
    rows: objects.map((obj) => ({
      cells: columns.map((c) => c.cell(obj, now)),
      ...rowObject(obj, request.version, request.includeObject),
    })),
  };
}
