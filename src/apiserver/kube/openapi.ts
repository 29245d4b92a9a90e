/**
 * OpenAPI v3 as kube-apiserver publishes it: `/openapi/v3` lists one document per group-version
 * (`{"paths":{"apis/serving.knative.dev/v1":{"serverRelativeURL":"/openapi/v3/apis/serving.knative.dev/v1?hash=…"}}}`),
 * and each document has the REST paths of its kinds (operations tagged with
 * `x-kubernetes-group-version-kind` and `x-kubernetes-action`, PATCH listing the patch types Ebb accepts)
 * and their schemas (openapi-schemas.ts). This is what `kubectl apply` and `create` read to validate a
 * manifest before sending it. Documents are built once: the kinds are fixed at startup.
 */
import { createHash } from 'node:crypto';
import type { KindDef } from '../../api/kind.js';
import { servedGroups } from './discovery.js';
import {
  gvkOf,
  kindSchema,
  OBJECT_META,
  objectMetaSchema,
  type Schema,
  schemaName,
} from './openapi-schemas.js';
import { patchTypesFor } from './patch.js';

interface Document {
  text: string;
  hash: string;
}

let cache: { index: string; documents: Map<string, Document> } | undefined;

const param = (name: string, inWhere: 'path' | 'query', description: string): Schema => ({
  name,
  in: inWhere,
  description,
  ...(inWhere === 'path' ? { required: true } : {}),
  schema: { type: 'string', uniqueItems: true },
});

const DRY_RUN = param(
  'dryRun',
  'query',
  'When present (All), the request is admitted but nothing is stored.',
);
const FIELD_SELECTOR = param(
  'fieldSelector',
  'query',
  'metadata.name and metadata.namespace, with =, == and !=.',
);
const LABEL_SELECTOR = param(
  'labelSelector',
  'query',
  'A selector to restrict the list of returned objects by their labels.',
);
const FIELD_VALIDATION = param(
  'fieldValidation',
  'query',
  'Ignore, Warn or Strict: what to do with fields the schema does not know (Strict rejects them).',
);
const WATCH = param('watch', 'query', 'Watch for changes to the described resources.');

function operation(gv: GV, def: KindDef, action: string, extra: Schema = {}): Schema {
  const json = { schema: { $ref: `#/components/schemas/${schemaName(def, gv.group, gv.version)}` } };
  return {
    tags: [gv.group || 'core'],
    operationId: `${action}${def.kind}`,
    responses: { '200': { description: 'OK', content: { 'application/json': json } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvkOf(def, gv.group, gv.version),
    ...extra,
  };
}

function pathsOf(gv: GV, def: KindDef, prefix: string): Record<string, Schema> {
  const ref = `#/components/schemas/${schemaName(def, gv.group, gv.version)}`;
  const body = { content: { 'application/json': { schema: { $ref: ref } } } };
  const patchBody = {
    content: Object.fromEntries(patchTypesFor(def).map((t) => [t, { schema: { type: 'object' } }])),
  };
  const base = def.namespaced ? `${prefix}/namespaces/{namespace}/${def.plural}` : `${prefix}/${def.plural}`;
  const scope = def.namespaced ? [param('namespace', 'path', 'object name and auth scope')] : [];
  const named = [...scope, param('name', 'path', `name of the ${def.kind}`)];
  const item: Schema = {
    get: operation(gv, def, 'get'),
    put: operation(gv, def, 'put', { requestBody: body, parameters: [DRY_RUN, FIELD_VALIDATION] }),
    patch: operation(gv, def, 'patch', { requestBody: patchBody, parameters: [DRY_RUN, FIELD_VALIDATION] }),
    delete: operation(gv, def, 'delete', { parameters: [DRY_RUN] }),
    parameters: named,
  };
  const paths: Record<string, Schema> = {
    [base]: {
      get: operation(gv, def, 'list', { parameters: [FIELD_SELECTOR, LABEL_SELECTOR, WATCH] }),
      post: operation(gv, def, 'post', { requestBody: body, parameters: [DRY_RUN, FIELD_VALIDATION] }),
      parameters: scope,
    },
    [`${base}/{name}`]: item,
  };
  if (def.hasStatus) {
    paths[`${base}/{name}/status`] = {
      get: operation(gv, def, 'get'),
      put: operation(gv, def, 'put', { requestBody: body, parameters: [DRY_RUN, FIELD_VALIDATION] }),
      patch: operation(gv, def, 'patch', { requestBody: patchBody, parameters: [DRY_RUN, FIELD_VALIDATION] }),
      parameters: named,
    };
  }
  return paths;
}

interface GV {
  group: string;
  version: string;
}

function groupVersionDocument(group: string, version: string, kinds: KindDef[]): Schema {
  const gv = { group, version };
  const prefix = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return {
    openapi: '3.0.0',
    info: { title: 'Ebb', version: `${group || 'core'}/${version}` },
    paths: Object.assign({}, ...kinds.map((def) => pathsOf(gv, def, prefix))),
    components: {
      schemas: {
        [OBJECT_META]: objectMetaSchema(),
        ...Object.fromEntries(
          kinds.map((def) => [schemaName(def, group, version), kindSchema(def, group, version)]),
        ),
      },
    },
  };
}

function build(): NonNullable<typeof cache> {
  const documents = new Map<string, Document>();
  for (const [group, versions] of servedGroups()) {
    for (const [version, kinds] of versions) {
      const key = group === '' ? `api/${version}` : `apis/${group}/${version}`;
      const text = JSON.stringify(
        groupVersionDocument(
          group,
          version,
          kinds.map((s) => s.def),
        ),
      );
      documents.set(key, { text, hash: createHash('sha512').update(text).digest('hex').toUpperCase() });
    }
  }
  const paths = Object.fromEntries(
    [...documents].map(([key, doc]) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` }]),
  );
  return { index: JSON.stringify({ paths }), documents };
}

/** The OpenAPI v3 text at `pathname` (`/openapi/v3` or `/openapi/v3/{api/v1|apis/g/v}`), or undefined. */
export function openApiV3(pathname: string): string | undefined {
  cache ??= build();
  const rest = pathname.replace(/^\/openapi\/v3\/?/, '');
  if (rest === pathname) return undefined;
  if (rest === '') return cache.index;
  return cache.documents.get(rest.replace(/\/+$/, ''))?.text;
}
