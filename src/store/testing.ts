/** Fixtures for the store's tests: a store in a temporary directory, objects, and a watch recorder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KObject } from '../api/object.js';
import { ApiError } from '../errors.js';
import { SqliteResourceStore, type SqliteStoreOptions } from './sqlite-store.js';
import type { WatchEvent, Watcher, WatchOptions } from './types.js';

export const KSVC = 'services.serving.knative.dev';

export interface TempStore {
  store: SqliteResourceStore;
  path: string;
  reopen(options?: SqliteStoreOptions): SqliteResourceStore;
  dispose(): void;
}

/** A store on a file in a fresh temporary directory; `dispose` closes it and removes the directory. */
export function tempStore(options?: SqliteStoreOptions): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'ebb-store-'));
  const path = join(dir, 'store.db');
  const t: TempStore = {
    store: SqliteResourceStore.open(path, options),
    path,
    reopen(reopenOptions) {
      t.store.close();
      t.store = SqliteResourceStore.open(path, reopenOptions ?? options);
      return t.store;
    },
    dispose() {
      t.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

export function ksvc(
  name: string,
  spec: unknown = { template: { spec: {} } },
  extra: Partial<KObject> = {},
): KObject {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    ...extra,
    metadata: { name, namespace: 'default', ...extra.metadata },
    spec,
  };
}

export function secret(name: string, data: Record<string, string>, namespace = 'default'): KObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, data };
}

export interface Recorder {
  events: WatchEvent[];
  watcher: Watcher;
  /** `TYPE name@rv` per event, for compact assertions. */
  summary(): string[];
}

export function record(store: SqliteResourceStore, resource: string, options: WatchOptions = {}): Recorder {
  const events: WatchEvent[] = [];
  const watcher = store.watch(resource, options, (e) => events.push(e));
  return {
    events,
    watcher,
    summary: () =>
      events.map((e) => `${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`),
  };
}

/** Lets queued microtasks (replayed history) run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export const ref = (name: string, resource = KSVC, namespace = 'default') => ({ resource, namespace, name });

/** An `assert.throws` validator for an ApiError with this status and reason (and message text). */
export function isApiError(status: number, reason: string, text?: string) {
  return (err: unknown) =>
    err instanceof ApiError &&
    err.status === status &&
    err.reason === reason &&
    (!text || err.message.includes(text));
}
