/**
 * CRUD on one resource path: the API server's verbs mapped onto admission (convert → default → validate)
 * and the ResourceStore, with what kubectl relies on from ./kube: dry runs (through `Writes`), field
 * selectors and field validation, Tables, the patch types and server-side apply, DeleteOptions, and
 * objects presented at the URL's version. Everything here is synchronous between reading the old object
 * and storing the new one, so a PATCH cannot interleave with another write.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admit } from '../api/admission.js';
import type { KindDef, ValidationContext } from '../api/kind.js';
import { apiVersionOf } from '../api/kind.js';
import { isPlainObject, type KObject } from '../api/object.js';
import { KINDS, resourceOf } from '../api/registry.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import type { ResourceStore } from '../store/types.js';
import { decodeObject, readBody } from './body.js';
import { checkPreconditions, readDeleteOptions } from './kube/delete-options.js';
import { dryRunWrites, isDryRun, type Writes } from './kube/dry-run.js';
import { parseFieldSelector } from './kube/field-selector.js';
import { enforceFieldValidation, parseFieldValidation } from './kube/field-validation.js';
import { APPLY_PATCH, applyPatch, mediaType } from './kube/patch.js';
import { applyConfiguration, parseApplyOptions } from './kube/server-side-apply.js';
import { tableRequest, toTable } from './kube/table.js';
import { isServedAt, presentAt, requestedApiVersion } from './kube/versions.js';
import type { ResourcePath } from './paths.js';
import { serveWatch } from './watch.js';

export interface ResourceHandlerContext {
  store: ResourceStore;
  validation: Omit<ValidationContext, 'operation'>;
}

export async function handleResource(
  ctx: ResourceHandlerContext,
  def: KindDef,
  path: ResourcePath,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { store } = ctx;
  const resource = resourceOf(def);
  if (def.namespaced === false && path.namespace !== undefined) {
    throw new ApiError(
      404,
      'NotFound',
      `${def.kind} is cluster-scoped: drop "namespaces/${path.namespace}" from the path`,
    );
  }
  if (path.subresource !== undefined && (path.subresource !== 'status' || !def.hasStatus)) {
    throw new ApiError(404, 'NotFound', `${resource} has no subresource "${path.subresource}"`);
  }
  const namespace = def.namespaced ? (path.namespace ?? '') : '';
  const method = req.method ?? 'GET';
  const query = url.searchParams;
  const present = presenter(def, path);

  if (method === 'GET') return serveRead(store, def, path, namespace, url, req, res);

  if (method === 'DELETE') {
    const options = await readDeleteOptions(req, query);
    if (path.name === undefined) return deleteCollection(store, def, path, query, options.dryRun, res);
    const ref = { resource, namespace, name: path.name };
    if (options.preconditions.uid !== undefined || options.preconditions.resourceVersion !== undefined) {
      checkPreconditions(
        mustGet(store, def, namespace, path.name),
        options.preconditions,
        def.group,
        def.plural,
      );
    }
    if (options.dryRun) return sendJson(res, 200, present(dryRunWrites(store).delete(ref)));
    const gone = present(store.delete(ref));
    if (def.kind === 'Namespace' && def.group === '') deleteNamespaceContents(store, path.name);
    return sendJson(res, 200, gone);
  }

  if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') {
    res.setHeader('allow', 'GET, POST, PUT, PATCH, DELETE');
    throw new ApiError(405, 'MethodNotAllowed', `method ${method} is not supported on ${url.pathname}`);
  }
  const writes: Writes = isDryRun(query.getAll('dryRun')) ? dryRunWrites(store) : store;
  const fieldValidation = parseFieldValidation(query);
  const contentType = mediaType(req.headers['content-type']);
  const body = decodeObject(await readBody(req), req.headers['content-type']);
  if (method !== 'PATCH' && !isPlainObject(body)) throw badRequest('request body must be a JSON object');

  if (method === 'POST') {
    if (path.name !== undefined)
      throw new ApiError(405, 'MethodNotAllowed', 'POST goes to the collection, not to a name');
    enforceFieldValidation(def, body, fieldValidation, res);
    const input = withNamespace(def, body as unknown as KObject, path.namespace);
    requireNamespace(store, def, input.metadata.namespace ?? '');
    const obj = admit(def, input, { ...ctx.validation, operation: 'create' });
    return sendJson(res, 201, present(writes.create(resource, obj)));
  }

  if (path.name === undefined) throw badRequest(`${method} needs an object name in the path`);
  if (method === 'PATCH' && contentType === APPLY_PATCH) {
    if (!isPlainObject(body)) throw badRequest('an apply configuration must be an object');
    const config = withNamespace(def, body as unknown as KObject, path.namespace);
    enforceFieldValidation(def, config, fieldValidation, res);
    return serveApply(ctx, def, path, config, query, writes, res);
  }
  const old = mustGet(store, def, namespace, path.name);
  const next =
    method === 'PATCH'
      ? applyPatch(def, present(old), body, contentType)
      : keepManagedFields(old, withNamespace(def, body as unknown as KObject, path.namespace));
  if (!isPlainObject(next) || !isPlainObject(next.metadata)) {
    throw badRequest('the patched object must be a JSON object with a "metadata" object');
  }
  enforceFieldValidation(def, next, fieldValidation, res);
  if (next.metadata?.name !== path.name) {
    throw badRequest(
      `the name of the object (${next.metadata?.name}) does not match the name on the URL (${path.name})`,
    );
  }
  if (path.subresource === 'status') {
    return sendJson(
      res,
      200,
      present(writes.update(resource, next, { subresource: 'status', hasStatus: true })),
    );
  }
  const obj = admit(def, next, { ...ctx.validation, operation: 'update' }, old);
  const updated = writes.update(resource, obj, { subresource: 'main', hasStatus: def.hasStatus });
  return sendJson(res, 200, present(updated));
}

/** GET of one object or a list (or a watch), as JSON objects or, when asked for, as a Table. */
function serveRead(
  store: ResourceStore,
  def: KindDef,
  path: ResourcePath,
  namespace: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const query = url.searchParams;
  const table = tableRequest(req.headers.accept, query);
  const present = presenter(def, path);
  if (path.name !== undefined) {
    const obj = mustGet(store, def, namespace, path.name);
    sendJson(res, 200, table ? toTable(def, [obj], table) : present(obj));
    return;
  }
  const labelSelector = query.get('labelSelector') ?? undefined;
  const fields = parseFieldSelector(query.get('fieldSelector'));
  const watch = query.get('watch');
  if (watch === 'true' || watch === '1') {
    const timeout = query.get('timeoutSeconds');
    serveWatch(store, req, res, {
      resource: resourceOf(def),
      namespace: def.namespaced ? path.namespace : undefined,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      labelSelector,
      timeoutSeconds: timeout ? Number(timeout) : undefined,
      ...(fields.empty ? {} : { filter: fields.matches }),
      present: table ? (obj: KObject) => toTable(def, [obj], table) as unknown as KObject : present,
    });
    return;
  }
  const list = store.list(resourceOf(def), {
    ...(def.namespaced && path.namespace !== undefined ? { namespace: path.namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
  });
  const items = fields.empty ? list.items : list.items.filter(fields.matches);
  const metadata = { resourceVersion: list.resourceVersion };
  const apiVersion = isServedAt(def, path.group, path.version)
    ? requestedApiVersion(path.group, path.version)
    : apiVersionOf(def);
  const plain = { apiVersion, kind: `${def.kind}List`, metadata, items: items.map(present) };
  sendJson(res, 200, table ? toTable(def, items, table, metadata) : plain);
}

/**
 * DELETE on a collection (deletecollection): every object the label and field selectors pick, each
 * deleted (with its dependents) as a single DELETE would; answered with the list of deleted objects.
 */
function deleteCollection(
  store: ResourceStore,
  def: KindDef,
  path: ResourcePath,
  query: URLSearchParams,
  dryRun: boolean,
  res: ServerResponse,
): void {
  const fields = parseFieldSelector(query.get('fieldSelector'));
  const labelSelector = query.get('labelSelector') ?? undefined;
  const resource = resourceOf(def);
  const list = store.list(resource, {
    ...(def.namespaced && path.namespace !== undefined ? { namespace: path.namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
  });
  const writes = dryRun ? dryRunWrites(store) : store;
  const present = presenter(def, path);
  const deleted: KObject[] = [];
  for (const obj of list.items.filter(fields.matches)) {
    const ref = { resource, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name };
    try {
      deleted.push(present(writes.delete(ref)));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err; // collected with an earlier owner
    }
    if (!dryRun && def.kind === 'Namespace' && def.group === '') deleteNamespaceContents(store, ref.name);
  }
  const apiVersion = isServedAt(def, path.group, path.version)
    ? requestedApiVersion(path.group, path.version)
    : apiVersionOf(def);
  sendJson(res, 200, { apiVersion, kind: `${def.kind}List`, metadata: {}, items: deleted });
}

/** Server-side apply: creates the object when it does not exist (a 201), else updates it. */
function serveApply(
  ctx: ResourceHandlerContext,
  def: KindDef,
  path: ResourcePath,
  config: KObject,
  query: URLSearchParams,
  writes: Writes,
  res: ServerResponse,
): void {
  if (path.subresource !== undefined)
    throw badRequest('Ebb does not serve server-side apply to subresources');
  if (config.metadata.name !== path.name) {
    throw badRequest(
      `the name of the object (${config.metadata.name}) does not match the name on the URL (${path.name})`,
    );
  }
  const present = presenter(def, path);
  const resource = resourceOf(def);
  const live = ctx.store.get({ resource, namespace: config.metadata.namespace ?? '', name: path.name });
  const next = applyConfiguration(live ? present(live) : undefined, config, {
    ...parseApplyOptions(query),
    apiVersion: String(config.apiVersion ?? ''),
    now: new Date(),
  });
  if (!live) {
    requireNamespace(ctx.store, def, next.metadata.namespace ?? '');
    const obj = admit(def, next, { ...ctx.validation, operation: 'create' });
    sendJson(res, 201, present(writes.create(resource, obj)));
    return;
  }
  const obj = admit(def, next, { ...ctx.validation, operation: 'update' }, live);
  sendJson(
    res,
    200,
    present(writes.update(resource, obj, { subresource: 'main', hasStatus: def.hasStatus })),
  );
}

/** A replace that leaves out managedFields keeps the stored ones, as in Kubernetes. */
function keepManagedFields(old: KObject, next: KObject): KObject {
  const meta = next.metadata as unknown as Record<string, unknown>;
  const kept = (old.metadata as unknown as Record<string, unknown>).managedFields;
  if (meta.managedFields !== undefined || kept === undefined) return next;
  return { ...next, metadata: { ...next.metadata, managedFields: kept } as KObject['metadata'] };
}

/** Objects as served at the request's version (an older one relabels them; see kube/versions.ts). */
function presenter(def: KindDef, path: ResourcePath): (obj: KObject) => KObject {
  if (!isServedAt(def, path.group, path.version)) return (obj) => obj;
  const apiVersion = requestedApiVersion(path.group, path.version);
  return (obj) => presentAt(def, obj, apiVersion);
}

function mustGet(store: ResourceStore, def: KindDef, namespace: string, name: string): KObject {
  const obj = store.get({ resource: resourceOf(def), namespace, name });
  if (!obj) throw notFound(def.group, def.plural, name);
  return obj;
}

/** Fills the namespace from the path; a body that names another namespace is rejected, as in Kubernetes. */
function withNamespace(def: KindDef, input: KObject, pathNamespace: string | undefined): KObject {
  const obj = { ...input, metadata: { ...(isPlainObject(input.metadata) ? input.metadata : {}) } } as KObject;
  if (!def.namespaced) {
    delete obj.metadata.namespace;
    return obj;
  }
  const given = obj.metadata.namespace;
  if (given && pathNamespace && given !== pathNamespace) {
    throw badRequest(
      `the namespace of the provided object (${given}) does not match the namespace sent on the request (${pathNamespace})`,
    );
  }
  obj.metadata.namespace = given || pathNamespace || 'default';
  return obj;
}

function requireNamespace(store: ResourceStore, def: KindDef, namespace: string): void {
  if (!def.namespaced) return;
  if (!store.get({ resource: 'namespaces', namespace: '', name: namespace })) {
    throw new ApiError(
      404,
      'NotFound',
      `namespaces "${namespace}" not found (create it first: a Namespace manifest, applied before the objects in it)`,
      { name: namespace, kind: 'namespaces' },
    );
  }
}

function deleteNamespaceContents(store: ResourceStore, namespace: string): void {
  for (const def of KINDS) {
    if (!def.namespaced) continue;
    const resource = resourceOf(def);
    for (const obj of store.list(resource, { namespace }).items) {
      try {
        store.delete({ resource, namespace, name: obj.metadata.name });
      } catch {
        // Already collected as an owned object of something deleted before it.
      }
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
