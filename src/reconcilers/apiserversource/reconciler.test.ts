import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Agent } from 'undici';
import { apiServerSourceKind } from '../../api/eventing/index.js';
import type { KObject } from '../../api/object.js';
import type { ReconcileContext } from '../../controller/reconciler.js';
import { createLogger } from '../../log.js';
import { ApiServerSources, CheckpointStore } from '../../sources/apiserver/index.js';
import { SqliteResourceStore } from '../../store/index.js';
import { apiServerSourceReconciler } from './reconciler.js';

const http = new Agent();
const log = createLogger('test', 'error');
after(() => http.close());

const source = (spec: Record<string, unknown>): KObject => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ApiServerSource',
  metadata: { name: 'watch', namespace: 'default', uid: '3f1c2b9e-7d7a-4a8e-9d35-0a6c1f2b0001' },
  spec: {
    sink: { uri: 'http://127.0.0.1:9/' },
    resources: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service' }],
    ...spec,
  },
});

type Row = [type: string, status: string, reason?: string, message?: string | RegExp];
const cases: {
  name: string;
  spec: Record<string, unknown>;
  apiUrl?: string;
  want: Row[];
  running: boolean;
}[] = [
  {
    name: 'runs, with SufficientPermissions saying RBAC is not enforced',
    spec: {},
    want: [
      ['SinkProvided', 'True'],
      ['SufficientPermissions', 'True', 'NotEnforced', /service account default is kept but not checked/],
      ['Deployed', 'True'],
      ['Ready', 'True'],
    ],
    running: true,
  },
  {
    name: 'a missing sink: NotFound, stopped',
    spec: { sink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'nope' } } },
    want: [
      [
        'SinkProvided',
        'False',
        'NotFound',
        'Sink not found: failed to get object Service default/nope: not found',
      ],
      ['Ready', 'False', 'NotFound'],
    ],
    running: false,
  },
  {
    name: 'a kind Ebb does not serve: Deployed=False',
    spec: { resources: [{ apiVersion: 'v1', kind: 'Pod' }] },
    want: [
      ['Deployed', 'False', 'ResourceNotFound', /v1 Pod is not a kind Ebb serves/],
      ['Ready', 'False', 'ResourceNotFound'],
    ],
    running: false,
  },
  {
    name: 'before the API server listens: Unknown, Starting',
    spec: {},
    apiUrl: '',
    want: [
      ['Deployed', 'Unknown', 'Starting'],
      ['Ready', 'Unknown', 'Starting'],
    ],
    running: false,
  },
];

for (const c of cases) {
  test(`apiserversource reconciler - ${c.name}`, async () => {
    const store = SqliteResourceStore.open(':memory:');
    store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    const checkpoints = CheckpointStore.open(':memory:');
    const sources = new ApiServerSources({ store, http, log, checkpoints });
    const apiUrl = c.apiUrl ?? 'http://127.0.0.1:7070';
    const reconciler = apiServerSourceReconciler({ sources, apiUrl: () => apiUrl });
    const obj = source(c.spec);
    apiServerSourceKind.setDefaults?.(obj, { config: () => undefined });
    obj.status = {};
    const cm = reconciler.conditions.manage(obj.status);
    cm.initialize();
    const ctx = { store, log, config: () => undefined, enqueue: () => {} } as ReconcileContext;
    await reconciler.reconcileKind(obj, cm, ctx);
    for (const [type, status, reason, message] of c.want) {
      const got = cm.get(type)!;
      assert.equal(got.status, status, `${type}: ${JSON.stringify(got)}`);
      if (reason !== undefined) assert.equal(got.reason, reason, type);
      if (typeof message === 'string') assert.equal(got.message, message, type);
      else if (message) assert.match(got.message ?? '', message, type);
    }
    assert.equal(sources.has('default/watch'), c.running);
    if (c.running) {
      assert.deepEqual(obj.status.namespaces, ['default']);
      assert.equal(obj.status.sinkUri, 'http://127.0.0.1:9/');
      assert.deepEqual(
        (obj.status.ceAttributes as { type: string; source: string }[]).map((a) => `${a.type} ${a.source}`),
        [
          'dev.knative.apiserver.ref.add http://127.0.0.1:7070',
          'dev.knative.apiserver.ref.update http://127.0.0.1:7070',
          'dev.knative.apiserver.ref.delete http://127.0.0.1:7070',
        ],
      );
      assert.notEqual(checkpoints.get('3f1c2b9e-7d7a-4a8e-9d35-0a6c1f2b0001'), undefined);
      await reconciler.finalize!('default/watch', ctx);
      assert.equal(sources.has('default/watch'), false);
      assert.equal(checkpoints.get('3f1c2b9e-7d7a-4a8e-9d35-0a6c1f2b0001'), undefined, 'deleted: forgotten');
    }
    await sources.stopAll();
    checkpoints.close();
    store.close();
  });
}
