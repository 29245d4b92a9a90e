/**
 * ApiServerSource end to end against a real `ebb up` watching its own store: Reference and Resource
 * modes over Services and ConfigMaps (add, update, delete with Knative's types, subject, extensions and
 * payloads), a label selector, namespaceSelector (and a namespace labelled later), SufficientPermissions,
 * a missing sink that recovers, `ebb get` columns, and a restart: changes the sink had not accepted when
 * Ebb stopped are delivered after it starts again, in order, with the same ids, and nothing twice.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventRecord } from '../../src/eventing/types.js';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { type Subscriber, startSubscriber } from '../helpers/subscriber.js';
import { API, condition, create } from './source-helpers.js';

const source = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'sources.knative.dev/v1',
  kind: 'ApiServerSource',
  metadata: { name },
  spec,
});
const ksvc = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name, labels },
  // No command: the Revision never runs (Ebb says why); only the store changes matter here.
  spec: { template: { spec: { containers: [{ image: 'ebb.dev/test/unmapped' }] } } },
});
const configMap = (name: string, data: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});
const configMaps = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;
const CM_RESOURCE = [{ apiVersion: 'v1', kind: 'ConfigMap' }];

/** The events `s` accepted, each once, in the order it first accepted them. */
const accepted = (s: Subscriber) =>
  [...s.accepted].map((id) => s.received.find((r) => r.event.attributes.id === id)!.event);
const names = (events: EventRecord[]) => events.map((e) => `${e.attributes.type} ${e.attributes.name}`);

async function waitReady(ebb: EbbProcess, name: string): Promise<void> {
  const out = await runCli(['wait', 'apiserversource', name, '--timeout', '20s'], { server: ebb.apiUrl });
  assert.equal(out.code, 0, out.stderr + out.stdout);
}

describe('apiserversource', () => {
  let ebb: EbbProcess;
  const subscribers: Subscriber[] = [];
  const subscriber = async (answer?: () => number) => {
    const s = await startSubscriber(answer ? { answer } : {});
    subscribers.push(s);
    return s;
  };

  before(async () => {
    ebb = await startEbb();
  });
  after(async () => {
    await ebb?.stop();
    await Promise.all(subscribers.map((s) => s.close()));
  });

  test('apiserversource - Reference mode: add, update, delete of Services, a label selector honoured', async () => {
    const s = await subscriber();
    await create(
      ebb.apiUrl,
      API.apiserversources,
      source('services', {
        resources: [
          {
            apiVersion: 'serving.knative.dev/v1',
            kind: 'Service',
            selector: { matchLabels: { watch: 'yes' } },
          },
        ],
        sink: { uri: s.url },
        ceOverrides: { extensions: { team: 'platform' } },
      }),
    );
    await waitReady(ebb, 'services');
    await create(ebb.apiUrl, API.services, ksvc('watched', { watch: 'yes' }));
    await create(ebb.apiUrl, API.services, ksvc('ignored'));
    const add = await eventually('the add', async () => accepted(s)[0]);
    assert.equal(add.attributes.type, 'dev.knative.apiserver.ref.add');
    assert.equal(add.attributes.source, ebb.apiUrl);
    assert.equal(add.attributes.subject, '/apis/serving.knative.dev/v1/namespaces/default/services/watched');
    assert.deepEqual(
      [add.attributes.kind, add.attributes.apiversion, add.attributes.name, add.attributes.namespace],
      ['Service', 'serving.knative.dev/v1', 'watched', 'default'],
    );
    assert.equal(add.attributes.team, 'platform');
    assert.equal(add.attributes.datacontenttype, 'application/json');
    assert.deepEqual(JSON.parse(add.data!.toString()), {
      kind: 'Service',
      namespace: 'default',
      name: 'watched',
      apiVersion: 'serving.knative.dev/v1',
    });
    const patched = await apiCall(ebb.apiUrl, 'PATCH', `${API.services}/watched`, {
      metadata: { annotations: { note: 'changed' } },
    });
    assert.equal(patched.status, 200);
    await eventually('an update', async () =>
      accepted(s).some((e) => e.attributes.type === 'dev.knative.apiserver.ref.update') ? true : undefined,
    );
    assert.equal((await apiCall(ebb.apiUrl, 'DELETE', `${API.services}/watched`)).status, 200);
    await eventually('the delete', async () =>
      accepted(s).some((e) => e.attributes.type === 'dev.knative.apiserver.ref.delete') ? true : undefined,
    );
    const all = accepted(s);
    assert.ok(
      all.every((e) => e.attributes.name === 'watched'),
      `only the labelled one: ${names(all)}`,
    );
    assert.equal(all[0]!.attributes.type, 'dev.knative.apiserver.ref.add');
    assert.equal(all.at(-1)!.attributes.type, 'dev.knative.apiserver.ref.delete');
    const status = (await apiCall(ebb.apiUrl, 'GET', `${API.apiserversources}/services`)).body.status;
    const perms = status.conditions.find((c: { type: string }) => c.type === 'SufficientPermissions');
    assert.equal(perms.status, 'True');
    assert.match(perms.message, /service account default is kept but not checked/);
    assert.deepEqual(status.namespaces, ['default']);
    const get = await runCli(['get', 'apiserversource'], { server: ebb.apiUrl });
    assert.match(get.stdout, /^NAME\s+SINK\s+AGE\s+READY\s+REASON$/m);
    assert.match(get.stdout, /^services\s+http:\/\/127\.0\.0\.1:\d+\/\s+\d+s\s+True$/m);
    await apiCall(ebb.apiUrl, 'DELETE', `${API.apiserversources}/services`);
  });

  test('apiserversource - Resource mode sends the object, from the namespaces namespaceSelector picks', async () => {
    for (const [ns, labels] of [
      ['team-a', { team: 'yes' }],
      ['team-b', {}],
    ] as const) {
      await create(ebb.apiUrl, '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns, labels },
      });
    }
    const s = await subscriber();
    const path = `${API.apiserversources}/teams`;
    await create(
      ebb.apiUrl,
      API.apiserversources,
      source('teams', {
        mode: 'Resource',
        resources: CM_RESOURCE,
        namespaceSelector: { matchLabels: { team: 'yes' } },
        sink: { uri: s.url },
      }),
    );
    await waitReady(ebb, 'teams');
    assert.deepEqual((await apiCall(ebb.apiUrl, 'GET', path)).body.status.namespaces, ['team-a']);
    await create(ebb.apiUrl, configMaps('team-b'), configMap('b1'));
    await create(ebb.apiUrl, configMaps('team-a'), configMap('a1', { color: 'blue' }));
    const a1 = await eventually('a1', async () => accepted(s)[0]);
    assert.equal(a1.attributes.type, 'dev.knative.apiserver.resource.add');
    assert.equal(a1.attributes.subject, '/apis/v1/namespaces/team-a/configmaps/a1');
    const object = JSON.parse(a1.data!.toString());
    assert.deepEqual(
      [object.kind, object.metadata.name, object.data],
      ['ConfigMap', 'a1', { color: 'blue' }],
    );
    assert.ok(object.metadata.uid && object.metadata.resourceVersion, 'the stored object, metadata and all');
    // A namespace labelled later joins.
    await apiCall(ebb.apiUrl, 'PATCH', '/api/v1/namespaces/team-b', {
      metadata: { labels: { team: 'yes' } },
    });
    await eventually('team-b watched', async () => {
      const res = await apiCall(ebb.apiUrl, 'GET', path);
      return res.body.status.namespaces?.length === 2 ? true : undefined;
    });
    await create(ebb.apiUrl, configMaps('team-b'), configMap('b2'));
    await eventually('b2', async () =>
      accepted(s).some((e) => e.attributes.name === 'b2') ? true : undefined,
    );
    assert.ok(
      !accepted(s).some((e) => e.attributes.name === 'b1'),
      'b1 was made while team-b was not selected',
    );
    await apiCall(ebb.apiUrl, 'DELETE', path);
  });

  test('apiserversource - a missing sink is Ready=False NotFound and recovers when it appears', async () => {
    const path = `${API.apiserversources}/to-broker`;
    await create(
      ebb.apiUrl,
      API.apiserversources,
      source('to-broker', {
        resources: CM_RESOURCE,
        sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'events' } },
      }),
    );
    await eventually('NotFound', async () => {
      const [status, reason] = await condition(ebb.apiUrl, path);
      return status === 'False' && reason === 'NotFound' ? true : undefined;
    });
    await create(ebb.apiUrl, API.brokers, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: 'events' },
    });
    await waitReady(ebb, 'to-broker');
    await apiCall(ebb.apiUrl, 'DELETE', path);
  });
});

describe('apiserversource - restart', () => {
  test('apiserversource - changes not accepted before a stop are delivered after the restart, once, in order', async () => {
    let up = true;
    const s = await startSubscriber({ answer: () => (up ? 202 : 503) });
    const dataDir = tmpDataDir();
    let ebb = await startEbb({ dataDir });
    try {
      await create(
        ebb.apiUrl,
        API.apiserversources,
        source('cms', { resources: CM_RESOURCE, sink: { uri: s.url } }),
      );
      await waitReady(ebb, 'cms');
      await create(ebb.apiUrl, configMaps('default'), configMap('c1'));
      await eventually('c1', async () => (accepted(s).length === 1 ? true : undefined));
      up = false;
      await create(ebb.apiUrl, configMaps('default'), configMap('c2'));
      await create(ebb.apiUrl, configMaps('default'), configMap('c3'));
      await eventually('c2 refused', async () =>
        s.received.some((r) => r.event.attributes.name === 'c2') ? true : undefined,
      );
      assert.equal(await ebb.stop(), 0);
      up = true;
      const refusedIds = new Set(
        s.received.filter((r) => r.event.attributes.name === 'c2').map((r) => r.event.attributes.id),
      );
      const before = s.received.length;
      ebb = await startEbb({ dataDir });
      await create(ebb.apiUrl, configMaps('default'), configMap('c4'));
      await eventually('c2, c3, c4', async () => (accepted(s).length >= 4 ? true : undefined));
      await sleep(500);
      const events = accepted(s);
      assert.deepEqual(
        names(events),
        ['c1', 'c2', 'c3', 'c4'].map((n) => `dev.knative.apiserver.ref.add ${n}`),
      );
      assert.deepEqual(
        s.received.slice(before).map((r) => r.event.attributes.name),
        ['c2', 'c3', 'c4'],
        'after the restart: what was not accepted, then the new change; c1 not again, nothing twice',
      );
      assert.ok(refusedIds.has(events[1]!.attributes.id), 'c2 delivered with the id it was first sent with');
      assert.equal(events[3]!.attributes.source, ebb.apiUrl, 'source: the API server now running');
    } finally {
      await ebb.stop();
      await s.close();
    }
  });
});
