/**
 * The `log` subresource, shaped like Kubernetes' `pods/{name}/log`: GET
 * `/apis/serving.knative.dev/v1/namespaces/{ns}/{revisions|configurations|services}/{name}/log`
 * `[?tailLines=N][&follow=true]` returns the replicas' output as text; with `follow` it stays open and
 * streams new lines. A Service or Configuration shows the output of all of its revisions.
 *
 * Kinds outside Serving whose objects run processes of their own (a ContainerSource's adapter) register
 * where their output is with `registerLogSource`, per store — that is, per platform — so the part of
 * `ebb up` that runs them serves their log without the API server knowing them; the object's key
 * (`namespace/name`) is the log's key.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KindDef } from '../api/kind.js';
import { resourceOf } from '../api/registry.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import type { ResourceStore } from '../store/types.js';

/** Lines returned when no tailLines is given. */
export const DEFAULT_TAIL_LINES = 200;
export const MAX_TAIL_LINES = 100_000;

export interface LogSource {
  tail(key: string, lines: number): string;
  follow(key: string, onLine: (line: string) => void): () => void;
}

const LABEL_FOR: Record<string, string> = {
  services: 'serving.knative.dev/service',
  configurations: 'serving.knative.dev/configuration',
};

/** Log sources of other kinds, by store and resource (`containersources.sources.knative.dev`). */
const registered = new WeakMap<ResourceStore, Map<string, LogSource>>();

/** Serves `resource`'s log subresource from `source` for the platform of `store`; returns the undo. */
export function registerLogSource(store: ResourceStore, resource: string, source: LogSource): () => void {
  let sources = registered.get(store);
  if (!sources) {
    sources = new Map();
    registered.set(store, sources);
  }
  sources.set(resource, source);
  return () => {
    if (registered.get(store)?.get(resource) === source) registered.get(store)!.delete(resource);
  };
}

function isServingWithLogs(def: KindDef): boolean {
  return (
    def.group === 'serving.knative.dev' && ['revisions', 'services', 'configurations'].includes(def.plural)
  );
}

export function serveLogs(
  store: ResourceStore,
  source: LogSource,
  def: KindDef,
  namespace: string,
  name: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const own = registered.get(store)?.get(resourceOf(def));
  if (!own && !isServingWithLogs(def)) {
    const others = [...(registered.get(store)?.keys() ?? [])].map((r) => r.split('.')[0]);
    const kinds = ['services', 'configurations', ...others];
    throw new ApiError(
      404,
      'NotFound',
      `${def.plural} have no log subresource (${kinds.join(', ')} and revisions do)`,
    );
  }
  if (!store.get({ resource: resourceOf(def), namespace, name })) throw notFound(def.group, def.plural, name);
  const tailParam = url.searchParams.get('tailLines');
  const tail = tailParam === null ? DEFAULT_TAIL_LINES : Number(tailParam);
  if (!Number.isInteger(tail) || tail < 0 || tail > MAX_TAIL_LINES) {
    throw badRequest(`tailLines must be an integer between 0 and ${MAX_TAIL_LINES}, was: ${tailParam}`);
  }
  const label = own ? undefined : LABEL_FOR[def.plural];
  const revisions = label
    ? store
        .list('revisions.serving.knative.dev', { namespace, labelSelector: `${label}=${name}` })
        .items.map((r) => r.metadata.name)
    : [name];
  const keys = revisions.map((r) => `${namespace}/${r}`);
  const logs = own ?? source;
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
  for (const key of keys) {
    const text = logs.tail(key, tail);
    if (text) res.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  const follow = url.searchParams.get('follow');
  if (follow !== 'true' && follow !== '1') {
    res.end();
    return;
  }
  res.flushHeaders();
  const unsubscribe = keys.map((key) => logs.follow(key, (line) => res.write(`${line}\n`)));
  const stop = () => {
    for (const u of unsubscribe) u();
  };
  req.on('close', stop);
  res.on('close', stop);
}
