/**
 * `?watch=true` streams: newline-delimited `{"type","object"}` records, Kubernetes' watch encoding.
 * Without a resourceVersion the stream starts with an ADDED record per existing object, then changes;
 * with one it replays every change after it. A slow reader is cut off once its buffer passes a bound
 * instead of growing memory without limit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KObject } from '../api/object.js';
import { ApiError } from '../errors.js';
import type { ResourceStore } from '../store/types.js';

/** A watcher whose unread output passes this is disconnected (it can re-watch from its last version). */
export const MAX_WATCH_BUFFER_BYTES = 16 * 1024 * 1024;
/** Streams end after this long unless `timeoutSeconds` asks for less; clients re-watch. */
export const DEFAULT_WATCH_TIMEOUT_S = 1800;

export interface WatchRequest {
  resource: string;
  namespace: string | undefined;
  resourceVersion: string | undefined;
  labelSelector: string | undefined;
  timeoutSeconds: number | undefined;
  /** Only objects it accepts are sent (a field selector); it must not depend on mutable fields. */
  filter?: (obj: KObject) => boolean;
  /** Applied to every object before it is written (a Table row, or redaction). */
  present?: (obj: KObject) => KObject;
}

export function serveWatch(
  store: ResourceStore,
  req: IncomingMessage,
  res: ServerResponse,
  w: WatchRequest,
): void {
  const options = {
    ...(w.namespace !== undefined ? { namespace: w.namespace } : {}),
    ...(w.labelSelector ? { labelSelector: w.labelSelector } : {}),
  };
  const initial: KObject[] = [];
  let from = w.resourceVersion;
  if (from === undefined || from === '' || from === '0') {
    const list = store.list(w.resource, options);
    initial.push(...(w.filter ? list.items.filter(w.filter) : list.items));
    from = list.resourceVersion;
  }
  const present = w.present ?? ((o: KObject) => o);
  /** An object that cannot be presented (no exact older version) ends the stream with an ERROR event. */
  const record = (type: string, obj: KObject): string => {
    try {
      return `${JSON.stringify({ type, object: present(obj) })}\n`;
    } catch (err) {
      setImmediate(() => finish());
      const status =
        err instanceof ApiError ? err.toStatus() : new ApiError(500, 'InternalError', String(err)).toStatus();
      return `${JSON.stringify({ type: 'ERROR', object: status })}\n`;
    }
  };
  const pending: string[] = [];
  let headersSent = false;
  // Subscribe before writing anything so a 410 (history trimmed) can still be answered as an error.
  const watcher = store.watch(w.resource, { ...options, resourceVersion: from }, (event) => {
    if (w.filter && !w.filter(event.object)) return;
    const line = record(event.type, event.object);
    if (!headersSent) pending.push(line);
    else send(line);
  });
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
  res.flushHeaders(); // the client learns the watch is established before the first event
  headersSent = true;
  const send = (line: string) => {
    res.write(line);
    if (res.writableLength > MAX_WATCH_BUFFER_BYTES) {
      finish();
      res.destroy();
    }
  };
  for (const obj of initial) send(record('ADDED', obj));
  for (const line of pending) send(line);
  const timeout = setTimeout(
    () => finish(),
    Math.max(1, Math.min(w.timeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_S, DEFAULT_WATCH_TIMEOUT_S)) * 1000,
  );
  timeout.unref();
  let done = false;
  function finish() {
    if (done) return;
    done = true;
    clearTimeout(timeout);
    watcher.close();
    if (!res.destroyed) res.end();
  }
  req.on('close', finish);
  res.on('close', finish);
}
