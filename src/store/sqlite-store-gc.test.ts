import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KObject } from '../api/object.js';
import { KSVC, ksvc, record, ref, type TempStore, tempStore } from './testing.js';

describe('sqlite store - cascading delete', () => {
  let t: TempStore;
  before(() => {
    t = tempStore();
  });
  after(() => t.dispose());

  const owned = (name: string, owners: KObject[], resource = 'configurations.serving.knative.dev'): KObject =>
    t.store.create(resource, {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
      metadata: {
        name,
        namespace: 'default',
        ownerReferences: owners.map((o) => ({
          apiVersion: o.apiVersion,
          kind: o.kind,
          name: o.metadata.name,
          uid: o.metadata.uid!,
          controller: true,
        })),
      },
    });

  it('deletes dependents recursively in one transaction, one DELETED event each', () => {
    const svc = t.store.create(KSVC, ksvc('root'));
    const cfg = owned('root-cfg', [svc]);
    owned('root-rev-1', [cfg], 'revisions.serving.knative.dev');
    owned('root-rev-2', [cfg], 'revisions.serving.knative.dev');
    owned('root-route', [svc], 'routes.serving.knative.dev');
    t.store.create(KSVC, ksvc('bystander'));
    const rec = record(t.store, '*');
    const rvBefore = Number(t.store.currentResourceVersion());
    const deleted = t.store.delete(ref('root'));
    assert.equal(deleted.metadata.uid, svc.metadata.uid);
    assert.deepEqual(
      rec.events.map((e) => `${e.type} ${e.resource.split('.')[0]}/${e.object.metadata.name}`),
      [
        'DELETED services/root',
        'DELETED configurations/root-cfg',
        'DELETED routes/root-route',
        'DELETED revisions/root-rev-1',
        'DELETED revisions/root-rev-2',
      ],
    );
    assert.deepEqual(
      rec.events.map((e) => Number(e.object.metadata.resourceVersion)),
      [1, 2, 3, 4, 5].map((i) => rvBefore + i),
    );
    assert.equal(t.store.list('revisions.serving.knative.dev').items.length, 0);
    assert.ok(t.store.get(ref('bystander')));
    rec.watcher.close();
  });

  it('keeps a dependent that still has a living owner and drops the dangling reference', () => {
    const a = t.store.create(KSVC, ksvc('owner-a'));
    const b = t.store.create(KSVC, ksvc('owner-b'));
    owned('shared', [a, b]);
    t.store.delete(ref('owner-a'));
    const shared = t.store.get(ref('shared', 'configurations.serving.knative.dev'))!;
    assert.deepEqual(
      shared.metadata.ownerReferences!.map((r) => r.name),
      ['owner-b'],
    );
    t.store.delete(ref('owner-b'));
    assert.equal(t.store.get(ref('shared', 'configurations.serving.knative.dev')), undefined);
  });
});
