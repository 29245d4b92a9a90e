/**
 * The controller engine: for each kind reconciler, watch its resource (and the resources it declares),
 * feed keys into a de-duplicating work queue, and run the shared reconcile wrapper on each key. A periodic
 * resync re-enqueues every object, so anything missed or waiting on the outside world converges.
 */
import type { Condition, KObject } from '../api/object.js';
import { clone } from '../api/object.js';
import { resourceOf } from '../api/registry.js';
import type { Logger } from '../log.js';
import type { ResourceStore, Watcher } from '../store/types.js';
import { type EventRecorder, StoreEventRecorder } from './events.js';
import {
  isStatusEqual,
  type KindReconciler,
  type ReconcileContext,
  splitKey,
  TerminalError,
} from './reconciler.js';
import { WorkQueue } from './work-queue.js';

/** How often every object is reconciled even without changes. */
export const DEFAULT_RESYNC_MS = 5 * 60_000;

export interface ControllerOptions {
  store: ResourceStore;
  log: Logger;
  config: ReconcileContext['config'];
  resyncMs?: number;
  /** Workers per kind. @defaultValue 2 */
  concurrency?: number;
  /** Where Kubernetes Events go. @defaultValue a StoreEventRecorder on `store` */
  recorder?: EventRecorder;
}

interface Running {
  reconciler: KindReconciler;
  resource: string;
  queue: WorkQueue;
}

export class ControllerManager {
  private readonly running = new Map<string, Running>();
  private readonly watchers: Watcher[] = [];
  private resyncTimer: NodeJS.Timeout | undefined;
  private readonly ctx: ReconcileContext;
  private readonly recorder: EventRecorder;

  constructor(
    private readonly reconcilers: KindReconciler[],
    private readonly options: ControllerOptions,
  ) {
    this.recorder = options.recorder ?? new StoreEventRecorder({ store: options.store, log: options.log });
    this.ctx = {
      store: options.store,
      log: options.log,
      config: options.config,
      enqueue: (resource, namespace, name) => this.enqueue(resource, namespace, name),
      recorder: this.recorder,
    };
  }

  /** Reconcile an object soon (for changes the store does not see, e.g. a replica became ready). */
  enqueue(resource: string, namespace: string, name: string): void {
    this.running.get(resource)?.queue.add(`${namespace}/${name}`);
  }

  /** Reconcile an object after `delayMs`; enqueues meanwhile coalesce into that one. */
  enqueueAfter(resource: string, namespace: string, name: string, delayMs: number): void {
    this.running.get(resource)?.queue.addAfter(`${namespace}/${name}`, delayMs);
  }

  start(): void {
    const { store } = this.options;
    for (const reconciler of this.reconcilers) {
      const resource = resourceOf(reconciler.def);
      const queue: WorkQueue = new WorkQueue(
        (key): Promise<void> => this.handle(reconciler, resource, queue, key),
        this.options.concurrency ?? 2,
      );
      this.running.set(resource, { reconciler, resource, queue });
    }
    for (const { reconciler, resource, queue } of this.running.values()) {
      const from = store.currentResourceVersion();
      this.watchers.push(store.watch(resource, { resourceVersion: from }, (e) => queue.add(keyOf(e.object))));
      for (const spec of reconciler.watches ?? []) {
        this.watchers.push(
          store.watch(spec.resource, { resourceVersion: from }, (e) => {
            for (const key of spec.keysFor(e.object))
              for (const k of this.expand(resource, key)) queue.add(k);
          }),
        );
      }
      for (const obj of store.list(resource).items) queue.add(keyOf(obj));
    }
    const resyncMs = this.options.resyncMs ?? DEFAULT_RESYNC_MS;
    this.resyncTimer = setInterval(() => this.resync(), resyncMs);
    this.resyncTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    for (const w of this.watchers) w.close();
    this.watchers.length = 0;
    await Promise.all([...this.running.values()].map((r) => r.queue.stop()));
  }

  /** `ns/*` means every object of the resource in ns; `*` every object. */
  private expand(resource: string, key: string): string[] {
    if (key !== '*' && !key.endsWith('/*')) return [key];
    const options = key === '*' ? {} : { namespace: key.slice(0, -2) };
    return this.options.store.list(resource, options).items.map(keyOf);
  }

  private resync(): void {
    for (const { resource, queue } of this.running.values()) {
      for (const obj of this.options.store.list(resource).items) queue.add(keyOf(obj));
    }
  }

  private async handle(
    reconciler: KindReconciler,
    resource: string,
    queue: WorkQueue,
    key: string,
  ): Promise<void> {
    const { namespace, name } = splitKey(key);
    const log = this.options.log;
    const stored = this.options.store.get({ resource, namespace, name });
    if (!stored) {
      try {
        await reconciler.finalize?.(key, this.ctx);
      } catch (err) {
        log.warn('finalize failed', { kind: reconciler.def.kind, key, err });
      }
      queue.forget(key);
      return;
    }
    const obj = clone(stored);
    reconciler.def.setDefaults?.(obj, { config: this.options.config });
    obj.status ??= {};
    const cm = reconciler.conditions.manage(obj.status);
    cm.initialize();
    let requeueAfterMs: number | undefined;
    let failure: unknown;
    try {
      requeueAfterMs = (await reconciler.reconcileKind(obj, cm, this.ctx))?.requeueAfterMs;
      obj.status.observedGeneration = obj.metadata.generation;
    } catch (err) {
      failure = err;
    }
    if (!isStatusEqual(obj.status, stored.status)) {
      try {
        this.options.store.update(
          resource,
          { ...stored, metadata: { ...stored.metadata }, status: obj.status },
          { subresource: 'status', hasStatus: true },
        );
      } catch (err) {
        // Most often a conflict: the object changed while we reconciled. Run again on the latest.
        log.debug('status update failed; requeueing', { kind: reconciler.def.kind, key, err });
        queue.add(key);
        return;
      }
    }
    this.recordReadyChange(stored, obj, reconciler.conditions.happy);
    if (failure) {
      // knative/pkg's generated reconcilers: `Recorder.Event(resource, Warning, "InternalError", err.Error())`.
      this.recorder.event(obj, 'Warning', 'InternalError', errorMessage(failure));
      if (failure instanceof TerminalError) {
        log.warn('reconcile failed (terminal)', { kind: reconciler.def.kind, key, err: failure });
        queue.forget(key);
      } else {
        const delay = queue.addRateLimited(key);
        log.warn('reconcile failed; retrying', {
          kind: reconciler.def.kind,
          key,
          retryInMs: delay,
          err: failure,
        });
      }
      return;
    }
    queue.forget(key);
    if (requeueAfterMs !== undefined) queue.addAfter(key, requeueAfterMs);
  }

  /** An Event when the happy condition turns True (Normal) or False (Warning) or changes reason while so. */
  private recordReadyChange(before: KObject, after: KObject, happy: string): void {
    const was = conditionOf(before, happy);
    const now = conditionOf(after, happy);
    if (!now || now.status === 'Unknown') return;
    if (was && was.status === now.status && was.reason === now.reason && was.message === now.message) return;
    if (now.status === 'True') {
      const message = now.message || `${after.kind} "${after.metadata.name}" is ${happy}`;
      this.recorder.event(after, 'Normal', now.reason || happy, message);
    } else {
      this.recorder.event(after, 'Warning', now.reason || `Not${happy}`, now.message || `${happy} is False`);
    }
  }
}

function conditionOf(obj: KObject, type: string): Condition | undefined {
  return obj.status?.conditions?.find((c) => c.type === type);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function keyOf(obj: KObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
