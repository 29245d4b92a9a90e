import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../api/object.js';
import { NOW } from '../testing.js';
import { recentRevisions, renderDescribe } from './describe.js';

const svc: KObject = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: {
    name: 'hello',
    namespace: 'default',
    generation: 2,
    creationTimestamp: '2024-05-01T11:57:00Z',
    labels: { app: 'hello', team: 'orders' },
    annotations: { 'serving.knative.dev/creator': 'ebb' },
  },
  spec: { template: { spec: { containerConcurrency: 10, containers: [{ image: 'hello' }] } } },
  status: {
    observedGeneration: 2,
    url: 'http://hello.default.localhost:8080',
    latestReadyRevisionName: 'hello-00002',
    traffic: [
      { revisionName: 'hello-00002', percent: 90, latestRevision: true },
      { revisionName: 'hello-00001', percent: 10, tag: 'old' },
    ],
    conditions: [
      { type: 'RoutesReady', status: 'Unknown', reason: 'Waiting', message: 'not yet' },
      { type: 'Ready', status: 'True', lastTransitionTime: '2024-05-01T11:59:00Z' },
    ],
  },
};

const rev = (n: number): KObject => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Revision',
  metadata: {
    name: `hello-0000${n}`,
    namespace: 'default',
    creationTimestamp: '2024-05-01T11:58:00Z',
    labels: { 'serving.knative.dev/configurationGeneration': String(n) },
  },
  status: {
    conditions: [{ type: 'Ready', status: n === 2 ? 'True' : 'False', reason: n === 2 ? '' : 'Failed' }],
  },
});

test('describe - metadata, spec, status, conditions and revisions', () => {
  const text = renderDescribe(svc, { now: NOW, revisions: [rev(1), rev(2)] });
  const lines = text.split('\n');
  assert.match(lines[0]!, /^Name:\s+hello$/);
  assert.match(text, /^Namespace:\s+default$/m);
  assert.match(text, /^Labels:\s+app=hello\n\s+team=orders$/m);
  assert.match(text, /^Annotations:\s+serving\.knative\.dev\/creator: ebb$/m);
  assert.match(text, /^API Version:\s+serving\.knative\.dev\/v1$/m);
  assert.match(text, /^Created:\s+2024-05-01T11:57:00Z \(3m ago\)$/m);
  assert.match(text, /^Generation:\s+2\nObserved Generation:\s+2$/m);
  assert.match(text, /^Spec:\n {2}template:\n {4}spec:\n {6}containerConcurrency: 10$/m);
  assert.match(text, /^Status:\n(?: {2}.*\n)*? {2}url: http:\/\/hello\.default\.localhost:8080$/m);
  assert.doesNotMatch(text, /^ {2}conditions:/m);
  assert.match(
    text,
    /^Conditions:\n {2}TYPE\s+STATUS\s+REASON\s+MESSAGE\s+AGE\n {2}Ready\s+True\s+60s\n {2}RoutesReady\s+Unknown\s+Waiting\s+not yet$/m,
  );
  assert.match(
    text,
    /^Revisions:\n {2}NAME\s+GENERATION\s+TRAFFIC\s+TAGS\s+READY\s+REASON\s+AGE\n {2}hello-00002\s+2\s+90%\s+True\s+2m\n {2}hello-00001\s+1\s+10%\s+old\s+False\s+Failed\s+2m$/m,
  );
});

test('describe - secrets show key names and byte counts only', () => {
  const secret: KObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'default' },
    type: 'Opaque',
    data: { token: Buffer.from('hunter2').toString('base64') },
  };
  const text = renderDescribe(secret, { now: NOW });
  assert.match(text, /^Type: {9}Opaque$/m);
  assert.match(text, /^Name: {9}s\nNamespace: {4}default\n/);
  assert.match(text, /^Data:\n {2}token:\s+7 bytes$/m);
  assert.doesNotMatch(text, /aHVudGVyMg|hunter2/);
});

test('describe - the most recent revisions first, at most five', () => {
  const revs = [1, 7, 3, 2, 6, 5, 4].map(rev);
  assert.deepEqual(
    recentRevisions(revs).map((r) => r.metadata.name),
    ['hello-00007', 'hello-00006', 'hello-00005', 'hello-00004', 'hello-00003'],
  );
});

test('describe - Source Dir shows the folder the object was applied from', () => {
  const applied: KObject = {
    ...svc,
    metadata: { ...svc.metadata, annotations: { 'ebb.dev/source-dir': '/home/u/hello' } },
  };
  const text = renderDescribe(applied, { now: NOW });
  assert.match(text, /^Kind:\s+Service\nSource Dir:\s+\/home\/u\/hello$/m);
  assert.match(text, /^Annotations:\s+ebb\.dev\/source-dir: \/home\/u\/hello$/m);
  assert.doesNotMatch(renderDescribe(svc, { now: NOW }), /Source Dir/, 'absent when not recorded');
});
