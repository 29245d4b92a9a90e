/**
 * For a kind Ebb accepts and stores but does not run yet: a reconciler that says so in the status, as the
 * brief asks of every accepted kind — `Ready=Unknown`, reason `NotImplemented`, a message naming the kind —
 * so `ebb get` and `ebb describe` show why nothing happens instead of an empty status.
 */
import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import type { KindReconciler } from '../../controller/reconciler.js';

export const NOT_IMPLEMENTED = 'NotImplemented';

export function notImplementedReconciler(def: KindDef): KindReconciler {
  const happy = def.conditionTypes[0] ?? 'Ready';
  return {
    def,
    conditions: new ConditionSet(happy, []),
    async reconcileKind(_obj, cm) {
      cm.markUnknown(
        happy,
        NOT_IMPLEMENTED,
        `Ebb stores ${def.kind} objects but does not run them yet: nothing acts on this one`,
      );
      return undefined;
    },
  };
}

/** Reconcilers for every kind with a status that `implemented` leaves out. */
export function notImplementedReconcilers(
  kinds: readonly KindDef[],
  implemented: readonly KindReconciler[],
): KindReconciler[] {
  const done = new Set(implemented.map((r) => `${r.def.plural}.${r.def.group}`));
  return kinds
    .filter((k) => k.hasStatus && !done.has(`${k.plural}.${k.group}`))
    .map(notImplementedReconciler);
}
