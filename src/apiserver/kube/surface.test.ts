/** The kubectl-facing surface over real HTTP: a started API server on port 0 and an in-memory store. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { createLogger } from '../../log.js';
import { SqliteResourceStore } from '../../store/index.js';
import { type ApiServer, startApiServer } from '../server.js';

const store = SqliteResourceStore.open(':memory:');
let api: ApiServer;
const CM = '/api/v1/namespaces/default/configmaps';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(api.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { a: '1' },
  ...extra,
});

before(async () => {
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  api = await startApiServer({
    store,
    validation: { config: () => undefined },
    log: createLogger('test', 'error'),
    host: '127.0.0.1',
    port: 0,
    metrics: new Registry(),
    healthy: () => true,
  });
  for (const name of ['one', 'two']) assert.equal((await call('POST', CM, cm(name))).status, 201);
});

after(async () => {
  await api.close();
  store.close();
});

test('surface - dryRun=All on create, patch and delete stores nothing; other values are a 400', async () => {
  const rv = store.currentResourceVersion();
  const created = await call('POST', `${CM}?dryRun=All`, cm('dry'));
  assert.equal(created.status, 201);
  assert.equal(created.body.metadata.name, 'dry');
  assert.equal((await call('POST', `${CM}?dryRun=true`, cm('dry'))).status, 400);
  const patched = await call(
    'PATCH',
    `${CM}/one?dryRun=All`,
    { data: { a: '2' } },
    { 'content-type': 'application/merge-patch+json' },
  );
  assert.equal(patched.body.data.a, '2');
  const deleted = await call('DELETE', `${CM}/one`, {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    dryRun: ['All'],
  });
  assert.equal(deleted.status, 200);
  assert.equal(store.currentResourceVersion(), rv);
  assert.equal((await call('GET', `${CM}/one`)).body.data.a, '1');
  assert.equal((await call('GET', `${CM}/dry`)).status, 404);
});

test('surface - fieldSelector on list; an unsupported field is a 400', async () => {
  const list = await call('GET', `${CM}?fieldSelector=metadata.name%3Dtwo`);
  assert.deepEqual(
    list.body.items.map((o: any) => o.metadata.name),
    ['two'],
  );
  const bad = await call('GET', `${CM}?fieldSelector=data.a%3D1`);
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /field label not supported: data\.a/);
});

test('surface - Tables, JSON patch, strict field validation, discovery and OpenAPI', async () => {
  const table = await call('GET', CM, undefined, { accept: TABLE });
  assert.equal(table.body.kind, 'Table');
  assert.deepEqual(
    table.body.rows.map((r: any) => r.cells[0]),
    ['one', 'two'],
  );
  const ops = [{ op: 'replace', path: '/data/a', value: '3' }];
  const patched = await call('PATCH', `${CM}/two`, ops, { 'content-type': 'application/json-patch+json' });
  assert.equal(patched.body.data.a, '3');
  const strict = await call('POST', `${CM}?fieldValidation=Strict`, cm('typo', { dta: {} }));
  assert.equal(strict.status, 400);
  assert.match(strict.body.message, /unknown field "dta"/);
  const warned = await call('POST', CM, cm('warned', { dta: {} }));
  assert.equal(warned.status, 422, 'admission has the last word');
  assert.match(warned.headers.get('warning') ?? '', /unknown field/);
  const core = await call('GET', '/api/v1');
  assert.ok(core.body.resources.some((r: any) => r.name === 'configmaps'));
  const index = await call('GET', '/openapi/v3');
  const url = index.body.paths['apis/serving.knative.dev/v1'].serverRelativeURL;
  const doc = await call('GET', url);
  assert.ok(doc.body.components.schemas['dev.knative.serving.v1.Service']);
});

test('surface - deletecollection deletes what the selectors pick (dry run: nothing)', async () => {
  for (const name of ['x1', 'x2'])
    await call('POST', CM, cm(name, { metadata: { name, labels: { sweep: 'yes' } } }));
  const dry = await call('DELETE', `${CM}?labelSelector=sweep%3Dyes&dryRun=All`);
  assert.deepEqual(
    dry.body.items.map((o: any) => o.metadata.name),
    ['x1', 'x2'],
  );
  assert.equal((await call('GET', `${CM}/x1`)).status, 200);
  const gone = await call('DELETE', `${CM}?labelSelector=sweep%3Dyes&fieldSelector=metadata.name%3Dx2`);
  assert.deepEqual(
    gone.body.items.map((o: any) => o.metadata.name),
    ['x2'],
  );
  assert.equal((await call('GET', `${CM}/x2`)).status, 404);
  assert.equal((await call('GET', `${CM}/x1`)).status, 200);
});
