import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import type { KObject } from '../../api/object.js';
import { startSink, type TestSink } from '../../eventing/dispatcher/testing.js';
import { createLogger } from '../../log.js';
import { SqliteResourceStore } from '../../store/index.js';
import { ApiServerAdapter, type ApiServerAdapterConfig } from './adapter.js';
import { CheckpointStore } from './checkpoints.js';

const KSVC = 'services.serving.knative.dev';
const http = new Agent();
const log = createLogger('test', 'error');
const dir = mkdtempSync(join(tmpdir(), 'ebb-apiserver-'));
after(async () => {
  await http.close();
  rmSync(dir, { recursive: true, force: true });
});

const ksvc = (name: string, namespace = 'default', labels: Record<string, string> = {}): KObject => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name, namespace, labels },
  spec: { template: { spec: { containers: [{ image: 'x' }] } } },
});

let n = 0;
function setup(historyLimit?: number) {
  const store = SqliteResourceStore.open(':memory:', historyLimit ? { historyLimit } : {});
  const checkpoints = CheckpointStore.open(join(dir, `cp-${++n}.db`));
  const adapter = (sink: TestSink, config: Partial<ApiServerAdapterConfig> = {}) => {
    const a = new ApiServerAdapter(
      {
        uid: '0b8a6d6e-8f43-4c4e-a1c9-3f2f7a7f0001',
        namespace: 'default',
        name: 'watch',
        sinkUri: sink.url,
        mode: 'Reference',
        source: 'http://127.0.0.1:7070',
        resources: [{ resource: KSVC, namespaced: true, labelSelector: '' }],
        namespaces: ['default'],
        ...config,
      },
      { store, http, log, checkpoints, send: { backoffPeriodMs: 1 }, maxHoldMs: 50 },
    );
    a.start();
    return a;
  };
  return { store, checkpoints, adapter };
}

const seen = (sink: TestSink) => sink.accepted.map((e) => `${e.attributes.type} ${e.attributes.name}`);
const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await sleep(20);
  assert.ok(ok(), what);
};

test('apiserver adapter - add, update, delete in order; nothing for what existed before', async () => {
  const { store, checkpoints, adapter } = setup();
  store.create(KSVC, ksvc('before'));
  const sink = await startSink();
  const a = adapter(sink);
  store.create(KSVC, ksvc('one'));
  const one = store.get({ resource: KSVC, namespace: 'default', name: 'one' })!;
  store.update(KSVC, { ...one, spec: { changed: true } });
  store.delete({ resource: KSVC, namespace: 'default', name: 'one' });
  store.create(KSVC, ksvc('elsewhere', 'other'));
  await until('three events', () => sink.accepted.length >= 3);
  await sleep(100);
  assert.deepEqual(seen(sink), [
    'dev.knative.apiserver.ref.add one',
    'dev.knative.apiserver.ref.update one',
    'dev.knative.apiserver.ref.delete one',
  ]);
  const first = sink.accepted[0]!;
  assert.equal(first.attributes.subject, '/apis/serving.knative.dev/v1/namespaces/default/services/one');
  assert.equal(first.attributes.source, 'http://127.0.0.1:7070');
  assert.deepEqual(JSON.parse(first.data!.toString()), {
    kind: 'Service',
    namespace: 'default',
    name: 'one',
    apiVersion: 'serving.knative.dev/v1',
  });
  await a.close();
  checkpoints.close();
  store.close();
  await sink.close();
});

test('apiserver adapter - Resource mode, a label selector (leaving it is a delete), owner and overrides', async () => {
  const { store, checkpoints, adapter } = setup();
  const sink = await startSink();
  const a = adapter(sink, {
    mode: 'Resource',
    resources: [{ resource: KSVC, namespaced: true, labelSelector: 'app=orders' }],
    namespaces: undefined,
    extensions: { team: 'core' },
  });
  store.create(KSVC, ksvc('match', 'a', { app: 'orders' }));
  store.create(KSVC, ksvc('nomatch', 'b', { app: 'other' }));
  const m = store.get({ resource: KSVC, namespace: 'a', name: 'match' })!;
  store.update(KSVC, { ...m, metadata: { ...m.metadata, labels: { app: 'gone' } } });
  await until('two events', () => sink.accepted.length >= 2);
  assert.deepEqual(seen(sink), [
    'dev.knative.apiserver.resource.add match',
    'dev.knative.apiserver.resource.delete match',
  ]);
  assert.equal(JSON.parse(sink.accepted[0]!.data!.toString()).metadata.labels.app, 'orders');
  assert.equal(sink.accepted[0]!.attributes.team, 'core');
  await a.close();
  const owned = await startSink();
  const b = adapter(owned, { owner: { kind: 'Configuration' }, namespaces: ['default'] });
  store.create(KSVC, ksvc('orphan'));
  store.create(KSVC, {
    ...ksvc('child'),
    metadata: {
      name: 'child',
      namespace: 'default',
      ownerReferences: [
        {
          apiVersion: 'serving.knative.dev/v1',
          kind: 'Configuration',
          name: 'c',
          uid: 'c1',
          controller: true,
        },
      ],
    },
  });
  await until('the owned one', () => owned.accepted.length >= 1);
  await sleep(100);
  assert.deepEqual(seen(owned), ['dev.knative.apiserver.ref.add child']);
  await b.close();
  checkpoints.close();
  store.close();
  await Promise.all([sink.close(), owned.close()]);
});

test('apiserver adapter - held while the sink is down, resumed from the checkpoint with the same ids', async () => {
  const { store, checkpoints, adapter } = setup();
  let up = false;
  const sink = await startSink(() => ({ status: up ? 202 : 503 }));
  const a = adapter(sink);
  store.create(KSVC, ksvc('first'));
  await until('a failing attempt', () => sink.received.length >= 2);
  await a.close();
  store.create(KSVC, ksvc('second')); // while no adapter runs
  up = true;
  const b = adapter(sink);
  await until('both delivered', () => sink.accepted.length >= 2);
  assert.deepEqual(seen(sink), [
    'dev.knative.apiserver.ref.add first',
    'dev.knative.apiserver.ref.add second',
  ]);
  const ids = new Set(
    sink.received.filter((r) => r.event.attributes.name === 'first').map((r) => r.event.attributes.id),
  );
  assert.equal(ids.size, 1, 'a redelivered change keeps its id');
  await b.close();
  const c = adapter(sink);
  await sleep(200);
  assert.equal(sink.accepted.length, 2, 'nothing delivered is sent again');
  await c.close();
  checkpoints.close();
  store.close();
  await sink.close();
});

test('apiserver adapter - a refused event is dropped and the rest go on', async () => {
  const { store, checkpoints, adapter } = setup();
  const sink = await startSink((e) => ({ status: e.attributes.name === 'bad' ? 400 : 202 }));
  const a = adapter(sink);
  store.create(KSVC, ksvc('bad'));
  store.create(KSVC, ksvc('good'));
  await until('the good one', () => sink.accepted.length >= 1);
  assert.deepEqual(seen(sink), ['dev.knative.apiserver.ref.add good']);
  assert.equal(a.stats.dropped, 1);
  await a.close();
  checkpoints.close();
  store.close();
  await sink.close();
});

test('apiserver adapter - a checkpoint older than the store history resumes at the head', async () => {
  const { store, checkpoints, adapter } = setup(5);
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  const sink = await startSink(() => ({ status: 503 }));
  const a = adapter(sink);
  store.create(KSVC, ksvc('lost'));
  await until('an attempt', () => sink.received.length >= 1);
  await a.close();
  for (let i = 0; i < 10; i++)
    store.create('configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `c${i}`, namespace: 'default' },
    });
  const ok = await startSink();
  const b = adapter(ok);
  store.create(KSVC, ksvc('after'));
  await until('the new one', () => ok.accepted.length >= 1);
  assert.deepEqual(seen(ok), ['dev.knative.apiserver.ref.add after']);
  await b.close();
  checkpoints.close();
  store.close();
  await Promise.all([sink.close(), ok.close()]);
});
