import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../../api/object.js';
import { resolveTraffic } from './traffic.js';

const ready = { conditions: [{ type: 'Ready', status: 'True' as const }] };
const objects: Record<string, KObject> = {
  'config/hello': {
    apiVersion: 'v',
    kind: 'Configuration',
    metadata: { name: 'hello' },
    status: { latestReadyRevisionName: 'hello-00002' },
  },
  'config/cold': { apiVersion: 'v', kind: 'Configuration', metadata: { name: 'cold' }, status: {} },
  'rev/hello-00001': { apiVersion: 'v', kind: 'Revision', metadata: { name: 'hello-00001' }, status: ready },
  'rev/hello-00003': { apiVersion: 'v', kind: 'Revision', metadata: { name: 'hello-00003' }, status: {} },
};
const lookup = {
  configuration: (n: string) => objects[`config/${n}`],
  revision: (n: string) => objects[`rev/${n}`],
};
const route = (traffic: unknown[]): KObject => ({
  apiVersion: 'v',
  kind: 'Route',
  metadata: { name: 'r' },
  spec: { traffic },
});

test('route traffic - resolves latest and pinned revisions', () => {
  const out = resolveTraffic(
    route([
      { configurationName: 'hello', latestRevision: true, percent: 50 },
      { revisionName: 'hello-00001', latestRevision: false, percent: 50, tag: 'old' },
    ]),
    lookup,
  );
  assert.equal(out.problem, undefined);
  assert.deepEqual(out.targets, [
    { revisionName: 'hello-00002', configurationName: 'hello', latestRevision: true, percent: 50 },
    { revisionName: 'hello-00001', latestRevision: false, percent: 50, tag: 'old' },
  ]);
});

test('route traffic - reports missing configurations and unready revisions in Knative words', () => {
  const cases: [unknown[], string, string][] = [
    [[{ configurationName: 'nope', percent: 100 }], 'False', 'ConfigurationMissing'],
    [[{ configurationName: 'cold', percent: 100 }], 'Unknown', 'RevisionMissing'],
    [[{ revisionName: 'gone', percent: 100 }], 'False', 'RevisionMissing'],
    [[{ revisionName: 'hello-00003', percent: 100 }], 'Unknown', 'RevisionMissing'],
  ];
  for (const [traffic, status, reason] of cases) {
    const { problem } = resolveTraffic(route(traffic), lookup);
    assert.equal(problem?.status, status);
    assert.equal(problem?.reason, reason);
  }
});
