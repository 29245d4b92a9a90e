import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KObject } from '../api/object.js';
import { ApiError } from '../errors.js';
import { CONFLICT_MESSAGE } from './sqlite-store.js';
import { isApiError, KSVC, ksvc, record, ref, secret, type TempStore, tempStore } from './testing.js';

describe('sqlite store - CRUD', () => {
  let t: TempStore;
  before(() => {
    t = tempStore();
  });
  after(() => t.dispose());

  it('create sets uid, creationTimestamp, generation and resourceVersion', () => {
    const created = t.store.create(
      KSVC,
      ksvc('hello', undefined, { metadata: { name: 'hello', uid: 'mine' } }),
    );
    const m = created.metadata;
    assert.match(m.uid!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(m.creationTimestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(m.generation, 1);
    assert.equal(m.resourceVersion, t.store.currentResourceVersion());
    assert.deepEqual(t.store.get(ref('hello')), created);
  });

  it('create of an existing name is 409 AlreadyExists', () => {
    assert.throws(
      () => t.store.create(KSVC, ksvc('hello')),
      isApiError(409, 'AlreadyExists', 'services.serving.knative.dev "hello" already exists'),
    );
  });

  it('create without name or generateName is 422 Invalid; generateName appends 5 characters', () => {
    assert.throws(() => t.store.create(KSVC, ksvc('')), isApiError(422, 'Invalid', 'metadata.name'));
    const made = t.store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: '', generateName: 'cfg-', namespace: 'default' },
    });
    assert.match(made.metadata.name, /^cfg-[a-z0-9]{5}$/);
    assert.equal(made.metadata.generateName, 'cfg-');
  });

  it('create keeps status unless the kind has a status subresource', () => {
    const kept = t.store.create(
      KSVC,
      ksvc('with-status', undefined, { status: { observedGeneration: 7 } } as any),
    );
    assert.deepEqual(kept.status, { observedGeneration: 7 });
    const dropped = t.store.create(KSVC, ksvc('no-status', undefined, { status: { x: 1 } } as any), {
      hasStatus: true,
    });
    assert.equal(dropped.status, undefined);
  });

  it('stores cluster-scoped objects under namespace ""', () => {
    const ns = t.store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    assert.equal(ns.metadata.namespace, undefined);
    assert.equal(
      t.store.get({ resource: 'namespaces', namespace: '', name: 'team-a' })?.metadata.uid,
      ns.metadata.uid,
    );
  });

  it('get of a missing object is undefined; update, patch and delete of one are 404', () => {
    assert.equal(t.store.get(ref('nope')), undefined);
    const notFound = isApiError(404, 'NotFound', 'services.serving.knative.dev "nope" not found');
    assert.throws(() => t.store.update(KSVC, ksvc('nope')), notFound);
    assert.throws(() => t.store.patch(ref('nope'), { spec: {} }), notFound);
    assert.throws(() => t.store.delete(ref('nope')), notFound);
  });

  it('list filters by namespace and label selector, sorted by namespace then name', () => {
    const rs = 'revisions.serving.knative.dev';
    const rev = (name: string, namespace: string, labels: Record<string, string>): KObject => ({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Revision',
      metadata: { name, namespace, labels },
    });
    t.store.create(rs, rev('b', 'ns2', { app: 'x' }));
    t.store.create(rs, rev('a', 'ns2', { app: 'y' }));
    t.store.create(rs, rev('c', 'ns1', { app: 'x', canary: 'true' }));
    const names = (items: KObject[]) => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    const all = t.store.list(rs);
    assert.deepEqual(names(all.items), ['ns1/c', 'ns2/a', 'ns2/b']);
    assert.equal(all.resourceVersion, t.store.currentResourceVersion());
    assert.deepEqual(names(t.store.list(rs, { namespace: 'ns2' }).items), ['ns2/a', 'ns2/b']);
    assert.deepEqual(names(t.store.list(rs, { labelSelector: 'app=x' }).items), ['ns1/c', 'ns2/b']);
    assert.deepEqual(names(t.store.list(rs, { labelSelector: 'app in (x,y),!canary' }).items), [
      'ns2/a',
      'ns2/b',
    ]);
    assert.throws(
      () => t.store.list(rs, { labelSelector: 'app in (x' }),
      isApiError(400, 'BadRequest', 'app in (x'),
    );
  });

  it('update with a stale resourceVersion is 409 Conflict with Kubernetes wording', () => {
    const current = t.store.get(ref('hello'))!;
    t.store.update(KSVC, { ...current, spec: { template: { spec: { containerConcurrency: 1 } } } });
    assert.throws(
      () => t.store.update(KSVC, { ...current, spec: { x: 1 } }),
      (err: unknown) =>
        err instanceof ApiError &&
        err.status === 409 &&
        err.reason === 'Conflict' &&
        err.message ===
          `Operation cannot be fulfilled on services.serving.knative.dev "hello": ${CONFLICT_MESSAGE}`,
    );
    assert.throws(
      () => t.store.patch(ref('hello'), { metadata: { resourceVersion: current.metadata.resourceVersion } }),
      isApiError(409, 'Conflict'),
    );
  });

  it('update keeps uid, creationTimestamp and generation from the stored object', () => {
    const stored = t.store.get(ref('hello'))!;
    const meta = {
      ...stored.metadata,
      uid: 'forged',
      creationTimestamp: '2000-01-01T00:00:00Z',
      generation: 99,
    };
    const updated = t.store.update(KSVC, { ...stored, metadata: meta, spec: { v: 2 } });
    assert.equal(updated.metadata.uid, stored.metadata.uid);
    assert.equal(updated.metadata.creationTimestamp, stored.metadata.creationTimestamp);
    assert.equal(updated.metadata.generation, stored.metadata.generation! + 1);
  });
});

describe('sqlite store - generation, no-ops and status', () => {
  let t: TempStore;
  before(() => {
    t = tempStore();
  });
  after(() => t.dispose());

  it('generation moves on spec changes only; labels bump resourceVersion but not generation', () => {
    const a = t.store.create(KSVC, ksvc('gen', { template: { spec: { image: 'a' } }, traffic: [] }));
    const reordered = t.store.update(KSVC, {
      ...a,
      spec: { traffic: [], template: { spec: { image: 'a' } } },
    });
    assert.equal(reordered.metadata.resourceVersion, a.metadata.resourceVersion, 'key order is not a change');
    const labelled = t.store.update(KSVC, { ...a, metadata: { ...a.metadata, labels: { x: 'y' } } });
    assert.equal(labelled.metadata.generation, 1);
    assert.ok(Number(labelled.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
    const b = t.store.update(KSVC, {
      ...labelled,
      spec: { template: { spec: { image: 'b' } }, traffic: [] },
    });
    assert.equal(b.metadata.generation, 2);
    const s = t.store.update(KSVC, { ...b, status: { observedGeneration: 2 } }, { subresource: 'status' });
    assert.equal(s.metadata.generation, 2, 'a status write is not a generation');
  });

  it('kinds without spec get a new generation when their data changes', () => {
    const s = t.store.create('secrets', secret('creds', { user: 'YQ==' }));
    const annotated = t.store.update('secrets', {
      ...s,
      metadata: { ...s.metadata, annotations: { a: 'b' } },
    });
    assert.equal(annotated.metadata.generation, 1);
    const changed = t.store.update('secrets', { ...annotated, data: { user: 'Yg==' } });
    assert.equal(changed.metadata.generation, 2);
  });

  it('an update that changes nothing keeps the resourceVersion and emits no event', () => {
    const stored = t.store.create(KSVC, ksvc('same', { template: { spec: { image: 'a' } } }));
    const rec = record(t.store, KSVC);
    const rvBefore = t.store.currentResourceVersion();
    const again = t.store.update(KSVC, ksvc('same', { template: { spec: { image: 'a' } } }));
    const patched = t.store.patch(ref('same'), { spec: { template: { spec: { image: 'a' } } } });
    assert.equal(again.metadata.resourceVersion, stored.metadata.resourceVersion);
    assert.equal(patched.metadata.resourceVersion, stored.metadata.resourceVersion);
    assert.equal(t.store.currentResourceVersion(), rvBefore);
    assert.deepEqual(rec.events, []);
    rec.watcher.close();
  });

  it('main writes of a kind with status keep the stored status; status writes take only status', () => {
    const obj = t.store.create(KSVC, ksvc('st', { v: 1 }));
    const withStatus = t.store.update(
      KSVC,
      {
        ...obj,
        spec: { v: 999 },
        metadata: { ...obj.metadata, labels: { no: 'pe' } },
        status: { ready: true },
      },
      { subresource: 'status', hasStatus: true },
    );
    assert.deepEqual(withStatus.status, { ready: true });
    assert.deepEqual(withStatus.spec, { v: 1 });
    assert.equal(withStatus.metadata.labels, undefined);
    const mainWrite = t.store.update(
      KSVC,
      { ...withStatus, spec: { v: 2 }, status: { ready: false } },
      { hasStatus: true },
    );
    assert.deepEqual(mainWrite.spec, { v: 2 });
    assert.deepEqual(mainWrite.status, { ready: true });
    const mainPatch = t.store.patch(
      ref('st'),
      { spec: { v: 3 }, status: { ready: false } },
      { hasStatus: true },
    );
    assert.deepEqual(mainPatch.status, { ready: true });
    const statusPatch = t.store.patch(
      ref('st'),
      { spec: { v: 4 }, status: { extra: 1 } },
      { subresource: 'status' },
    );
    assert.deepEqual(statusPatch.status, { ready: true, extra: 1 });
    assert.deepEqual(statusPatch.spec, { v: 3 });
  });

  it('merge patch deletes with null and merges nested objects', () => {
    t.store.create(
      KSVC,
      ksvc('p', { template: { spec: { image: 'a', env: [1] } }, traffic: [{ percent: 100 }] }),
    );
    const patched = t.store.patch(ref('p'), {
      metadata: { labels: { team: 'x' } },
      spec: { template: { spec: { image: 'b' } }, traffic: null },
    });
    assert.deepEqual(patched.spec, { template: { spec: { image: 'b', env: [1] } } });
    assert.deepEqual(patched.metadata.labels, { team: 'x' });
    assert.equal(patched.metadata.generation, 2);
    assert.throws(() => t.store.patch(ref('p'), [1]), isApiError(400, 'BadRequest'));
  });

  it('a failed write leaves nothing half-stored', () => {
    const rv = t.store.currentResourceVersion();
    assert.throws(() => t.store.patch(ref('p'), { metadata: null }), isApiError(400, 'BadRequest'));
    assert.equal(t.store.currentResourceVersion(), rv);
  });
});
