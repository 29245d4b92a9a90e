/**
 * What a kind's reconciler implements, and the shared wrapper around it (knative/pkg's generated
 * reconciler + reconcile_common.go): load the object, apply defaults in memory, initialise its conditions,
 * run `reconcileKind`, set observedGeneration, and write status back only when it changed.
 */
import type { ConditionManager, ConditionSet } from '../api/conditions.js';
import type { KindDef } from '../api/kind.js';
import type { KObject } from '../api/object.js';
import { EbbError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ResourceStore } from '../store/types.js';
import type { EventRecorder } from './events.js';

export interface ReconcileContext {
  store: ResourceStore;
  log: Logger;
  /** ConfigMap data by namespace and name. */
  config(namespace: string, name: string): Record<string, string> | undefined;
  /** Enqueue another object of any reconciled kind (resource, namespace, name). */
  enqueue(resource: string, namespace: string, name: string): void;
  /** Kubernetes Events about reconciled objects (absent in contexts built by unit tests). */
  recorder?: EventRecorder;
}

export interface ReconcileResult {
  /** Run again after this long even if nothing changes (polling something outside the store). */
  requeueAfterMs?: number;
}

/** A resource watched by a reconciler, and which of its objects to reconcile when it changes. */
export interface WatchSpec {
  resource: string;
  /** Keys (`namespace/name`) of the reconciler's own kind to enqueue for a changed object. */
  keysFor(obj: KObject): string[];
}

export interface KindReconciler {
  def: KindDef;
  conditions: ConditionSet;
  /** Other resources to watch besides the kind's own. */
  watches?: WatchSpec[];
  /** Compare desired state with actual, act, and record what is true in `obj.status` through `cm`. */
  reconcileKind(
    obj: KObject,
    cm: ConditionManager,
    ctx: ReconcileContext,
  ): Promise<ReconcileResult | undefined>;
  /** Called when an object of the kind is gone from the store (its owned objects are already collected). */
  finalize?(key: string, ctx: ReconcileContext): Promise<void>;
}

/** A reconcile failure that retrying cannot fix: recorded, not retried (controller-runtime's TerminalError). */
export class TerminalError extends EbbError {
  constructor(message: string, options?: ErrorOptions) {
    super('EBB_RECONCILE_TERMINAL', message, options);
  }
}

/** Owner-reference mapping: enqueue the controlling owner of kind `ownerKind`. */
export function ownerKeys(ownerKind: string): (obj: KObject) => string[] {
  return (obj) => {
    const refs = obj.metadata.ownerReferences ?? [];
    const ns = obj.metadata.namespace ?? '';
    return refs.filter((r) => r.kind === ownerKind && r.controller !== false).map((r) => `${ns}/${r.name}`);
  };
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function isStatusEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const value = (v as Record<string, unknown>)[k];
      if (value !== undefined) out[k] = canonical(value);
    }
    return out;
  }
  return v;
}

export type { Logger };
