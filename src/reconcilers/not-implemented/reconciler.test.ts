import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KINDS } from '../../api/registry.js';
import type { ReconcileContext } from '../../controller/reconciler.js';
import { NOT_IMPLEMENTED, notImplementedReconcilers } from './reconciler.js';

const byKind = (kind: string) => KINDS.find((k) => k.kind === kind)!;

test('not implemented - every kind with a status but no reconciler gets one saying so', async () => {
  const implemented = ['Service', 'Broker'].map((kind) => ({
    def: byKind(kind),
    conditions: undefined as never,
    reconcileKind: async () => undefined,
  }));
  const stand = notImplementedReconcilers(KINDS, implemented);
  const kinds = stand.map((r) => r.def.kind);
  assert.ok(kinds.includes('Sequence') && kinds.includes('Trigger'));
  assert.ok(!kinds.includes('Service') && !kinds.includes('Broker'), 'implemented kinds are left alone');
  assert.ok(!kinds.includes('ConfigMap'), 'kinds without a status are left alone');
  const sequence = stand.find((r) => r.def.kind === 'Sequence')!;
  const status = {};
  const cm = sequence.conditions.manage(status);
  cm.initialize();
  await sequence.reconcileKind(
    { apiVersion: 'flows.knative.dev/v1', kind: 'Sequence', metadata: { name: 's' } },
    cm,
    {} as ReconcileContext,
  );
  assert.deepEqual(
    (
      status as { conditions: { type: string; status: string; reason: string; message: string }[] }
    ).conditions.map((c) => [c.type, c.status, c.reason, c.message]),
    [
      [
        'Ready',
        'Unknown',
        NOT_IMPLEMENTED,
        'Ebb stores Sequence objects but does not run them yet: nothing acts on this one',
      ],
    ],
  );
});
