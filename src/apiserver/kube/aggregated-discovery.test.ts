import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { aggregatedDiscovery, wantsAggregated } from './aggregated-discovery.js';

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const req = (accept?: string) => ({ headers: accept === undefined ? {} : { accept } }) as IncomingMessage;

test('aggregated discovery - only for clients that ask for v2 first', () => {
  assert.equal(wantsAggregated(req(KUBECTL_ACCEPT)), true);
  assert.equal(wantsAggregated(req('application/json')), false);
  assert.equal(wantsAggregated(req()), false);
  assert.equal(
    wantsAggregated(
      req('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'),
    ),
    false,
  );
});

test('aggregated discovery - groups, versions in priority order, resources with subresources', () => {
  const core = aggregatedDiscovery('/api') as any;
  assert.equal(core.kind, 'APIGroupDiscoveryList');
  assert.deepEqual(
    core.items.map((g: any) => g.metadata.name),
    [''],
  );
  assert.ok(
    core.items[0].versions[0].resources.some(
      (r: any) => r.resource === 'configmaps' && r.scope === 'Namespaced',
    ),
  );
  const apis = aggregatedDiscovery('/apis') as any;
  const serving = apis.items.find((g: any) => g.metadata.name === 'serving.knative.dev');
  assert.deepEqual(
    serving.versions.map((v: any) => v.version),
    ['v1', 'v1beta1', 'v1alpha1'],
  );
  const ksvc = serving.versions[0].resources.find((r: any) => r.resource === 'services');
  assert.deepEqual(ksvc.responseKind, { group: 'serving.knative.dev', version: 'v1', kind: 'Service' });
  assert.deepEqual(ksvc.shortNames, ['kservice', 'ksvc']);
  assert.deepEqual(ksvc.categories, ['all', 'knative', 'serving']);
  assert.deepEqual(
    ksvc.subresources.map((s: any) => s.subresource),
    ['status', 'log'],
  );
  assert.ok(apis.items.some((g: any) => g.metadata.name === 'authorization.k8s.io'));
});
