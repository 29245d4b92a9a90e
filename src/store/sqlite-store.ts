/**
 * The ResourceStore on SQLite (better-sqlite3, WAL, synchronous=FULL so an acknowledged write survives a
 * power loss). Every write is one IMMEDIATE transaction; its watch events are published only after it
 * commits. resourceVersion is one global counter, like etcd's revision: each change consumes exactly one,
 * so history rows are contiguous and "trimmed past X" is a comparison with the oldest kept row.
 *
 * One process owns a database file: the counter and the watchers live in this object.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isPlainObject, type KObject } from '../api/object.js';
import { ApiError, alreadyExists, badRequest, conflict, notFound } from '../errors.js';
import {
  assertObjectShape,
  generateName,
  nameRequired,
  namespaceOf,
  prepareCreate,
  prepareUpdate,
  splitResource,
} from './bookkeeping.js';
import { changesSince, parseBody, parseResourceVersion } from './history.js';
import { parseLabelSelector } from './label-selector.js';
import { applyMergePatch, jsonEqual } from './merge-patch.js';
import { migrate, prepareStatements, type Statements } from './schema.js';
import type {
  CreateOptions,
  ListOptions,
  ListResult,
  ResourceRef,
  ResourceStore,
  UpdateOptions,
  WatchEvent,
  WatchEventType,
  Watcher,
  WatchOptions,
} from './types.js';
import { type Change, WatchHub } from './watch-hub.js';

/** Changes kept for watch replay; a watch from an older resourceVersion gets 410 Gone. */
export const DEFAULT_HISTORY_LIMIT = 10_000;
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const GENERATE_NAME_ATTEMPTS = 8;
/** Kubernetes' wording (k8s.io/apiserver storage.ErrConflict as served by the registry). */
export const CONFLICT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

export interface SqliteStoreOptions {
  /**
   * How many of the latest changes are kept for watch replay.
   * @defaultValue 10_000
   */
  historyLimit?: number;
  /**
   * How long a write waits for another connection's lock before failing.
   * @defaultValue 5_000
   */
  busyTimeoutMs?: number;
}

/** One write transaction: the resourceVersions it has taken and the changes to publish once it commits. */
class WriteBatch {
  readonly changes: Change[] = [];
  constructor(public rv: number) {}
}

export class SqliteResourceStore implements ResourceStore {
  private readonly stmts: Statements;
  private readonly hub = new WatchHub();
  private readonly inTransaction: Database.Transaction<(fn: () => unknown) => unknown>;
  private readonly historyLimit: number;
  /** The highest resourceVersion issued; advanced only after a commit. */
  private rv: number;
  private closed = false;

  /** Opens (creating if needed) the store at `path`; ':memory:' for a throwaway store. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteResourceStore {
    const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isSafeInteger(historyLimit) || historyLimit < 1) {
      throw new RangeError(`historyLimit must be a positive integer, was: ${historyLimit}`);
    }
    if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      migrate(db);
      return new SqliteResourceStore(db, historyLimit);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(
    private readonly db: Database.Database,
    historyLimit: number,
  ) {
    this.historyLimit = historyLimit;
    this.stmts = prepareStatements(db);
    this.inTransaction = db.transaction((fn: () => unknown) => fn());
    this.rv = this.stmts.readRv.get() ?? 0;
  }

  create(resource: string, obj: KObject, options: CreateOptions = {}): KObject {
    assertObjectShape(obj);
    const namespace = namespaceOf(obj);
    return this.write((batch) => {
      const name = this.chooseName(resource, namespace, obj);
      const next = prepareCreate(obj, {
        name,
        uid: randomUUID(),
        resourceVersion: '',
        now: new Date(),
        dropStatus: options.hasStatus === true,
      });
      this.commit(batch, 'ADDED', resource, next);
      return next;
    });
  }

  get(ref: ResourceRef): KObject | undefined {
    this.assertOpen();
    const row = this.stmts.getObject.get(ref.resource, ref.namespace ?? '', ref.name);
    return row ? parseBody(row) : undefined;
  }

  /** Sorted by namespace, then name (byte order). A namespace of '' means all namespaces, as in Kubernetes. */
  list(resource: string, options: ListOptions = {}): ListResult {
    this.assertOpen();
    const selector = parseLabelSelector(options.labelSelector);
    const rows = options.namespace
      ? this.stmts.listNamespace.all(resource, options.namespace)
      : this.stmts.listAll.all(resource);
    let items = rows.map(parseBody);
    if (!selector.empty) items = items.filter((item) => selector.matches(item.metadata.labels));
    return { items, resourceVersion: String(this.rv) };
  }

  update(resource: string, obj: KObject, options: UpdateOptions = {}): KObject {
    assertObjectShape(obj);
    const { name } = obj.metadata;
    if (!name) throw nameRequired(obj, splitResource(resource).group);
    const ref = { resource, namespace: namespaceOf(obj), name };
    return this.write((batch) => this.replace(batch, ref, this.readStored(ref), obj, options));
  }

  patch(ref: ResourceRef, mergePatch: unknown, options: UpdateOptions = {}): KObject {
    if (!isPlainObject(mergePatch)) throw badRequest('a merge patch must be a JSON object');
    return this.write((batch) => {
      const stored = this.readStored(ref);
      const merged = applyMergePatch(stored, mergePatch);
      assertObjectShape(merged);
      return this.replace(batch, ref, stored, merged, options);
    });
  }

  delete(ref: ResourceRef): KObject {
    return this.write((batch) => {
      const deleted = this.readStored(ref);
      this.commit(batch, 'DELETED', ref.resource, deleted);
      this.collectDependents(batch, deleted.metadata.uid!);
      return deleted;
    });
  }

  /**
   * With `resourceVersion` X: every change after X from history, then live changes. X = '0' replays the
   * whole history if it is still complete, else starts with a synthetic ADDED per existing object (what
   * Kubernetes means by 0, "any starting point"). Replayed events arrive on a microtask after this returns.
   */
  watch(resource: string, options: WatchOptions, onEvent: (event: WatchEvent) => void): Watcher {
    this.assertOpen();
    const selector = parseLabelSelector(options.labelSelector);
    const backlog = options.resourceVersion
      ? changesSince(this.stmts, resource, parseResourceVersion(options.resourceVersion), this.rv)
      : [];
    return this.hub.subscribe({ resource, namespace: options.namespace, selector }, onEvent, backlog);
  }

  currentResourceVersion(): string {
    return String(this.rv);
  }

  /** Closes every watcher and the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.closeAll();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new ApiError(503, 'ServiceUnavailable', 'the resource store is closed');
  }

  /** Runs `fn` in one IMMEDIATE transaction, then publishes its changes; a throw leaves nothing behind. */
  private write<T>(fn: (batch: WriteBatch) => T): T {
    this.assertOpen();
    const batch = new WriteBatch(this.rv);
    const result = this.inTransaction.immediate(() => {
      const value = fn(batch);
      if (batch.rv !== this.rv) {
        this.stmts.writeRv.run(batch.rv);
        const trimTo = batch.rv - this.historyLimit;
        if (trimTo > 0) this.stmts.trimChanges.run(trimTo);
      }
      return value;
    }) as T;
    this.rv = batch.rv;
    this.hub.publish(batch.changes);
    return result;
  }

  private readStored(ref: ResourceRef): KObject {
    const row = this.stmts.getObject.get(ref.resource, ref.namespace ?? '', ref.name);
    if (!row) {
      const { group, plural } = splitResource(ref.resource);
      throw notFound(group, plural, ref.name);
    }
    return parseBody(row);
  }

  private chooseName(resource: string, namespace: string, obj: KObject): string {
    const { group, plural } = splitResource(resource);
    const taken = (name: string) => this.stmts.getObject.get(resource, namespace, name) !== undefined;
    const { name, generateName: prefix } = obj.metadata;
    if (name) {
      if (taken(name)) throw alreadyExists(group, plural, name);
      return name;
    }
    if (!prefix) throw nameRequired(obj, group);
    let candidate = generateName(prefix);
    for (let i = 1; i < GENERATE_NAME_ATTEMPTS && taken(candidate); i++) candidate = generateName(prefix);
    if (taken(candidate)) throw alreadyExists(group, plural, candidate);
    return candidate;
  }

  /** An update of `stored` to `input`: optimistic concurrency, bookkeeping, and no-op detection. */
  private replace(
    batch: WriteBatch,
    ref: ResourceRef,
    stored: KObject,
    input: KObject,
    options: UpdateOptions,
  ): KObject {
    const wanted = input.metadata.resourceVersion as unknown;
    if (wanted !== undefined && wanted !== null && wanted !== '') {
      if (String(wanted) !== stored.metadata.resourceVersion) {
        parseResourceVersion(String(wanted));
        const { group, plural } = splitResource(ref.resource);
        throw conflict(group, plural, ref.name, CONFLICT_MESSAGE);
      }
    }
    const next = prepareUpdate(stored, input, options);
    if (jsonEqual(next, stored)) return stored;
    this.commit(batch, 'MODIFIED', ref.resource, next, stored.metadata.labels ?? {});
    return next;
  }

  /**
   * Kubernetes' garbage collection, synchronously: a dependent of a deleted owner is deleted too, unless
   * another of its owners still exists, in which case only the dangling ownerReference is removed.
   */
  private collectDependents(batch: WriteBatch, rootUid: string): void {
    const pending = [rootUid];
    for (let ownerUid = pending.shift(); ownerUid !== undefined; ownerUid = pending.shift()) {
      for (const dep of this.stmts.dependentsOf.all(ownerUid)) {
        const row = this.stmts.getObject.get(dep.resource, dep.namespace, dep.name);
        if (!row) continue;
        const dependent = parseBody(row);
        const refs = dependent.metadata.ownerReferences;
        const remaining = (Array.isArray(refs) ? refs : []).filter((r) => r.uid !== ownerUid);
        if (remaining.some((r) => this.stmts.uidExists.get(r.uid) !== undefined)) {
          const prevLabels = dependent.metadata.labels ?? {};
          dependent.metadata.ownerReferences = remaining;
          this.commit(batch, 'MODIFIED', dep.resource, dependent, prevLabels);
        } else {
          this.commit(batch, 'DELETED', dep.resource, dependent);
          pending.push(dependent.metadata.uid!);
        }
      }
    }
  }

  /** Gives `obj` the next resourceVersion and writes it, its owner index rows, and its history row. */
  private commit(
    batch: WriteBatch,
    type: WatchEventType,
    resource: string,
    obj: KObject,
    prevLabels?: Record<string, string>,
  ): void {
    const rv = ++batch.rv;
    obj.metadata.resourceVersion = String(rv);
    const body = JSON.stringify(obj);
    const { name } = obj.metadata;
    const namespace = namespaceOf(obj);
    const s = this.stmts;
    if (type === 'ADDED') s.insertObject.run(resource, namespace, name, obj.metadata.uid!, rv, body);
    else if (type === 'MODIFIED') s.updateObject.run(rv, body, resource, namespace, name);
    else s.deleteObject.run(resource, namespace, name);
    s.deleteOwnersOf.run(resource, namespace, name);
    if (type !== 'DELETED') {
      const refs = obj.metadata.ownerReferences;
      for (const ref of Array.isArray(refs) ? refs : []) {
        if (typeof ref?.uid === 'string') s.insertOwner.run(ref.uid, resource, namespace, name);
      }
    }
    const prev = type === 'MODIFIED' ? JSON.stringify(prevLabels ?? {}) : null;
    s.insertChange.run(rv, resource, namespace, type, body, prev);
    batch.changes.push({
      rv,
      type,
      resource,
      namespace,
      body,
      prevLabels: type === 'MODIFIED' ? prevLabels : undefined,
    });
  }
}
