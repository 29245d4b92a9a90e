import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, discoveryDocument, versionInfo } from './discovery.js';

test('discovery - version priority: GA, then beta, then alpha, higher numbers first', () => {
  assert.deepEqual(['v1alpha1', 'v1beta1', 'v2', 'v1', 'v1beta2', 'foo'].sort(compareVersions), [
    'v2',
    'v1',
    'v1beta2',
    'v1beta1',
    'v1alpha1',
    'foo',
  ]);
});

test('discovery - /apis lists every group once, only served versions, the preferred first', () => {
  const list = discoveryDocument('/apis') as any;
  assert.equal(list.kind, 'APIGroupList');
  const eventing = list.groups.find((g: any) => g.name === 'eventing.knative.dev');
  assert.deepEqual(
    eventing.versions.map((v: any) => v.version),
    ['v1', 'v1beta2', 'v1beta1', 'v1alpha1'],
  );
  assert.deepEqual(eventing.preferredVersion, { groupVersion: 'eventing.knative.dev/v1', version: 'v1' });
  const names = list.groups.map((g: any) => g.name);
  assert.deepEqual(
    names.slice(names.indexOf('sources.eventing.knative.dev') + 1),
    ['authorization.k8s.io', 'authentication.k8s.io'],
    'a legacy-only group comes after the main ones, then the reviews',
  );
  const messaging = discoveryDocument('/apis/messaging.knative.dev/v1') as any;
  assert.ok(
    !messaging.resources.some((r: any) => r.name === 'sequences'),
    'no legacy names inside a main group',
  );
  assert.equal(new Set(names).size, names.length);
  assert.equal((discoveryDocument('/apis/serving.knative.dev') as any).kind, 'APIGroup');
  assert.ok(names.includes('authorization.k8s.io'), 'the reviews kubectl auth can-i posts');
  const reviews = discoveryDocument('/apis/authorization.k8s.io/v1') as any;
  assert.deepEqual(reviews.resources[0].verbs, ['create']);
});

test('discovery - resource lists: names, verbs, short names, categories, status and log subresources', () => {
  const serving = discoveryDocument('/apis/serving.knative.dev/v1') as any;
  assert.equal(serving.groupVersion, 'serving.knative.dev/v1');
  const ksvc = serving.resources.find((r: any) => r.name === 'services');
  assert.deepEqual(ksvc.shortNames, ['kservice', 'ksvc']);
  assert.deepEqual(ksvc.categories, ['all', 'knative', 'serving']);
  assert.equal(ksvc.singularName, 'service');
  assert.ok(ksvc.verbs.includes('watch') && ksvc.verbs.includes('patch'));
  const names = serving.resources.map((r: any) => r.name);
  assert.ok(names.includes('services/status') && names.includes('revisions/log'));
  const core = discoveryDocument('/api/v1') as any;
  assert.ok(core.resources.some((r: any) => r.name === 'configmaps' && r.namespaced));
  assert.ok(core.resources.some((r: any) => r.name === 'namespaces' && !r.namespaced));
  const sources = discoveryDocument('/apis/sources.knative.dev/v1') as any;
  assert.deepEqual(sources.resources.find((r: any) => r.name === 'sinkbindings').categories, [
    'all',
    'knative',
    'sources',
    'bindings',
  ]);
  assert.equal((discoveryDocument('/apis/serving.knative.dev/v1alpha1') as any).resources[0].kind, 'Service');
  assert.equal(discoveryDocument('/apis/serving.knative.dev/v2'), undefined, 'not served');
  const legacy = discoveryDocument('/apis/sources.eventing.knative.dev/v1alpha1') as any;
  assert.equal(legacy.resources[0].shortNames, undefined, 'short names stay with the main group');
  assert.equal((discoveryDocument('/api') as any).versions[0], 'v1');
});

test('discovery - /version has major and minor', () => {
  const v = versionInfo('0.1.0');
  assert.equal(v.major, '1');
  assert.match(v.minor, /^\d+$/);
  assert.match(v.gitVersion!, /^v1\.\d+\.0\+ebb-0\.1\.0$/);
});
