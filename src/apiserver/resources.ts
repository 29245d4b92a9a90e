/**
 * CRUD on one resource path: the API server's verbs mapped onto admission (convert → default → validate)
 * and the ResourceStore. Everything here is synchronous between reading the old object and storing the
 * new one, so a PATCH cannot interleave with another write.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { admit } from '../api/admission.js';
import type { KindDef, ValidationContext } from '../api/kind.js';
import { apiVersionOf } from '../api/kind.js';
import { clone, isPlainObject, type KObject } from '../api/object.js';
import { KINDS, resourceOf } from '../api/registry.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { applyMergePatch } from '../store/merge-patch.js';
import type { ResourceStore } from '../store/types.js';
import { decodeObject, readBody } from './body.js';
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

  if (method === 'GET') {
    if (path.name === undefined) {
      const labelSelector = url.searchParams.get('labelSelector') ?? undefined;
      const watch = url.searchParams.get('watch');
      if (watch === 'true' || watch === '1') {
        const timeout = url.searchParams.get('timeoutSeconds');
        return serveWatch(store, req, res, {
          resource,
          namespace: def.namespaced ? path.namespace : undefined,
          resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
          labelSelector,
          timeoutSeconds: timeout ? Number(timeout) : undefined,
        });
      }
      const list = store.list(resource, {
        ...(def.namespaced && path.namespace !== undefined ? { namespace: path.namespace } : {}),
        ...(labelSelector ? { labelSelector } : {}),
      });
      return sendJson(res, 200, {
        apiVersion: apiVersionOf(def),
        kind: `${def.kind}List`,
        metadata: { resourceVersion: list.resourceVersion },
        items: list.items,
      });
    }
    return sendJson(res, 200, mustGet(store, def, namespace, path.name));
  }

  if (method === 'DELETE') {
    if (path.name === undefined) throw badRequest('DELETE needs an object name in the path');
    const gone = store.delete({ resource, namespace, name: path.name });
    if (def.kind === 'Namespace' && def.group === '') deleteNamespaceContents(store, path.name);
    return sendJson(res, 200, gone);
  }

  if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') {
    res.setHeader('allow', 'GET, POST, PUT, PATCH, DELETE');
    throw new ApiError(405, 'MethodNotAllowed', `method ${method} is not supported on ${url.pathname}`);
  }
  const body = decodeObject(await readBody(req), req.headers['content-type']);
  if (!isPlainObject(body)) throw badRequest('request body must be a JSON object');

  if (method === 'POST') {
    if (path.name !== undefined)
      throw new ApiError(405, 'MethodNotAllowed', 'POST goes to the collection, not to a name');
    const input = withNamespace(def, body as unknown as KObject, path.namespace);
    requireNamespace(store, def, input.metadata.namespace ?? '');
    const obj = admit(def, input, { ...ctx.validation, operation: 'create' });
    return sendJson(res, 201, store.create(resource, obj));
  }

  if (path.name === undefined) throw badRequest(`${method} needs an object name in the path`);
  const old = mustGet(store, def, namespace, path.name);
  let next: KObject;
  if (method === 'PATCH') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/merge-patch+json' && type !== 'application/json') {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `PATCH supports application/merge-patch+json, got ${type || 'no content-type'}`,
      );
    }
    next = applyMergePatch(clone(old), body) as KObject;
  } else {
    next = withNamespace(def, body as unknown as KObject, path.namespace);
  }
  if (next.metadata?.name !== path.name) {
    throw badRequest(
      `the name of the object (${next.metadata?.name}) does not match the name on the URL (${path.name})`,
    );
  }
  if (path.subresource === 'status') {
    return sendJson(res, 200, store.update(resource, next, { subresource: 'status', hasStatus: true }));
  }
  const obj = admit(def, next, { ...ctx.validation, operation: 'update' }, old);
  return sendJson(res, 200, store.update(resource, obj, { subresource: 'main', hasStatus: def.hasStatus }));
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
