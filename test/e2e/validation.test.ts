/**
 * Invalid manifests against a real `ebb up`: each is answered 422 with a Status whose causes name the
 * field path, and nothing is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type EbbProcess, startEbb } from '../helpers/ebb.js';

interface Case {
  name: string;
  path: string;
  body: Record<string, any>;
  field: string;
  message?: RegExp;
}

const svc = (name: string, spec: unknown, annotations?: Record<string, string>) => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name },
  spec: {
    template: {
      ...(annotations ? { metadata: { annotations } } : {}),
      spec,
    },
  },
});
const container = { image: 'example.com/app' };
const SVC = '/apis/serving.knative.dev/v1/namespaces/default/services';
const TRIGGERS = '/apis/eventing.knative.dev/v1/namespaces/default/triggers';
const BROKERS = '/apis/eventing.knative.dev/v1/namespaces/default/brokers';
const trigger = (name: string, spec: unknown) => ({
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Trigger',
  metadata: { name },
  spec,
});
const subscriber = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'x' } };

const cases: Case[] = [
  { name: 'Bad_Name', path: SVC, body: svc('Bad_Name', { containers: [container] }), field: 'metadata.name' },
  {
    name: 'cc-1001',
    path: SVC,
    body: svc('cc-1001', { containerConcurrency: 1001, containers: [container] }),
    field: 'spec.template.spec.containerConcurrency',
    message: /1001/,
  },
  {
    name: 'timeout-601',
    path: SVC,
    body: svc('timeout-601', { timeoutSeconds: 601, containers: [container] }),
    field: 'spec.template.spec.timeoutSeconds',
  },
  {
    name: 'no-containers',
    path: SVC,
    body: svc('no-containers', { containers: [] }),
    field: 'spec.template.spec.containers',
  },
  {
    name: 'no-image',
    path: SVC,
    body: svc('no-image', { containers: [{ env: [] }] }),
    field: 'spec.template.spec.containers[0].image',
  },
  {
    name: 'minscale-abc',
    path: SVC,
    body: svc('minscale-abc', { containers: [container] }, { 'autoscaling.knative.dev/min-scale': 'abc' }),
    field: 'spec.template.metadata.annotations.autoscaling.knative.dev/min-scale',
  },
  {
    name: 'min-over-max',
    path: SVC,
    body: svc(
      'min-over-max',
      { containers: [container] },
      { 'autoscaling.knative.dev/minScale': '5', 'autoscaling.knative.dev/maxScale': '2' },
    ),
    field: 'spec.template.metadata.annotations.autoscaling.knative.dev/maxScale',
  },
  {
    name: 'window-1s',
    path: SVC,
    body: svc('window-1s', { containers: [container] }, { 'autoscaling.knative.dev/window': '1s' }),
    field: 'spec.template.metadata.annotations.autoscaling.knative.dev/window',
  },
  {
    name: 'traffic-90',
    path: SVC,
    body: {
      ...svc('traffic-90', { containers: [container] }),
      spec: {
        ...svc('x', { containers: [container] }).spec,
        traffic: [{ latestRevision: true, percent: 90 }],
      },
    },
    field: 'spec.traffic',
    message: /90/,
  },
  {
    name: 'traffic-both',
    path: SVC,
    body: {
      ...svc('traffic-both', { containers: [container] }),
      spec: {
        ...svc('x', { containers: [container] }).spec,
        traffic: [{ latestRevision: true, revisionName: 'traffic-both-00001', percent: 100 }],
      },
    },
    field: 'spec.traffic[0].latestRevision',
  },
  {
    name: 'dup-tags',
    path: SVC,
    body: {
      ...svc('dup-tags', { containers: [container] }),
      spec: {
        ...svc('x', { containers: [container] }).spec,
        traffic: [
          { latestRevision: true, percent: 50, tag: 'candidate' },
          { revisionName: 'dup-tags-00001', percent: 50, tag: 'candidate' },
        ],
      },
    },
    field: 'spec.traffic[1].tag',
  },
  {
    name: 'bad-secret',
    path: '/api/v1/namespaces/default/secrets',
    body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad-secret' }, data: { token: 'xxx' } },
    field: 'data.token',
    message: /base64/,
  },
  {
    name: 'no-subscriber',
    path: TRIGGERS,
    body: trigger('no-subscriber', { broker: 'default' }),
    field: 'spec.subscriber',
  },
  {
    name: 'two-dialects',
    path: TRIGGERS,
    body: trigger('two-dialects', {
      broker: 'default',
      subscriber,
      filters: [{ exact: { type: 'a' }, prefix: { type: 'b' } }],
    }),
    field: 'spec.filters[0]',
  },
  {
    name: 'bad-backoff',
    path: TRIGGERS,
    body: trigger('bad-backoff', { broker: 'default', subscriber, delivery: { backoffDelay: 'PT' } }),
    field: 'spec.delivery.backoffDelay',
  },
  {
    name: 'bad-timeout',
    path: BROKERS,
    body: {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: 'bad-timeout' },
      spec: { delivery: { timeout: '10s' } },
    },
    field: 'spec.delivery.timeout',
  },
  {
    name: 'no-topic',
    path: '/apis/sources.knative.dev/v1alpha1/namespaces/default/rocketmqsources',
    body: {
      apiVersion: 'sources.knative.dev/v1alpha1',
      kind: 'RocketMQSource',
      metadata: { name: 'no-topic' },
      spec: { consumerGroup: 'g', sink: subscriber },
    },
    field: 'spec.topic',
  },
];

describe('validation', () => {
  let ebb: EbbProcess;
  before(async () => {
    ebb = await startEbb();
  });
  after(async () => {
    await ebb?.stop();
  });

  test(`${cases.length} invalid manifests are rejected with 422 naming the field, and nothing is stored`, async () => {
    assert.ok(cases.length >= 15);
    for (const c of cases) {
      const res = await fetch(ebb.apiUrl + c.path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(c.body),
      });
      const status = (await res.json()) as any;
      assert.equal(res.status, 422, `${c.name}: ${JSON.stringify(status)}`);
      assert.equal(status.kind, 'Status');
      assert.equal(status.reason, 'Invalid');
      const fields = (status.details?.causes ?? []).map((x: any) => x.field);
      assert.ok(fields.includes(c.field), `${c.name}: want cause ${c.field}, got ${fields.join(', ')}`);
      if (c.message) assert.match(status.message, c.message, c.name);
      const get = await fetch(`${ebb.apiUrl}${c.path}/${c.body.metadata.name}`);
      assert.equal(get.status, 404, `${c.name} must not be stored`);
    }
  });

  test('bodies over the limit get 413 and malformed JSON gets 400, both as Status objects', async () => {
    const big = await fetch(ebb.apiUrl + SVC, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(4 * 1024 * 1024) }),
    });
    assert.equal(big.status, 413);
    assert.match(((await big.json()) as any).message, /limit/);
    const bad = await fetch(ebb.apiUrl + SVC, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as any).message, /not valid JSON/);
  });
});
