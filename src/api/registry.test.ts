import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KINDS, kindForName, kindForObject, kindForPath, resourceOf } from './registry.js';

const kindOf = (name: string) => kindForName(name)?.kind;

describe('registry', () => {
  it('registry - resource names are plural.group, plural for core', () => {
    assert.equal(
      resourceOf(kindForObject('serving.knative.dev/v1', 'Service')!),
      'services.serving.knative.dev',
    );
    assert.equal(resourceOf(kindForObject('v1', 'Secret')!), 'secrets');
  });

  it('registry - every kind has a unique resource and a Ready-first condition list', () => {
    const resources = KINDS.map(resourceOf);
    assert.equal(new Set(resources).size, resources.length);
    for (const def of KINDS) {
      if (def.conditionTypes.length > 0) assert.equal(def.conditionTypes[0], 'Ready', def.kind);
      assert.ok(def.versions.includes(def.storedVersion), def.kind);
    }
  });

  it('registry - paths and objects accept every input version', () => {
    assert.equal(kindForPath('serving.knative.dev', 'v1alpha1', 'services')?.kind, 'Service');
    assert.equal(kindForPath('serving.knative.dev', 'v1', 'revisions')?.kind, 'Revision');
    assert.equal(kindForPath('', 'v1', 'configmaps')?.kind, 'ConfigMap');
    assert.equal(
      kindForPath('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings')?.kind,
      'ClusterRoleBinding',
    );
    assert.equal(kindForPath('serving.knative.dev', 'v9', 'services'), undefined);
    assert.equal(kindForObject('serving.knative.dev/v1alpha1', 'Service')?.kind, 'Service');
    assert.equal(kindForObject('v1', 'ServiceAccount')?.kind, 'ServiceAccount');
    assert.equal(kindForObject('v1', 'Service'), undefined);
  });

  it('registry - kubectl and kn names', () => {
    for (const name of [
      'ksvc',
      'kservice',
      'service',
      'services',
      'svc',
      'Service',
      'services.serving.knative.dev',
    ]) {
      assert.equal(kindForName(name)?.group, 'serving.knative.dev', name);
      assert.equal(kindOf(name), 'Service', name);
    }
    assert.equal(kindOf('services.v1.serving.knative.dev'), 'Service');
    assert.equal(kindOf('rev'), 'Revision');
    assert.equal(kindOf('route'), 'Route');
    assert.equal(kindOf('rt'), 'Route');
    assert.equal(kindOf('cfg'), 'Configuration');
    assert.equal(kindOf('config'), 'Configuration');
    assert.equal(kindOf('cm'), 'ConfigMap');
    assert.equal(kindOf('secret'), 'Secret');
    assert.equal(kindOf('secrets'), 'Secret');
    assert.equal(kindOf('ns'), 'Namespace');
    assert.equal(kindOf('sa'), 'ServiceAccount');
    assert.equal(kindOf('clusterrolebinding'), 'ClusterRoleBinding');
    assert.equal(kindOf('nope'), undefined);
    assert.equal(kindOf('services.example.com'), undefined);
  });

  it('registry - eventing names resolve when the eventing kinds are present', (t) => {
    if (!KINDS.some((d) => d.group === 'eventing.knative.dev'))
      return t.skip('eventing kinds not registered yet');
    assert.equal(kindOf('broker'), 'Broker');
    assert.equal(kindOf('trigger'), 'Trigger');
    assert.equal(kindOf('rocketmqsource'), 'RocketMQSource');
    assert.equal(kindOf('pingsource'), 'PingSource');
  });
});
