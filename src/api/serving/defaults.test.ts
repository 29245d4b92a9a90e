import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admit } from '../admission.js';
import type { KObject } from '../object.js';
import { REVISION } from './revision.js';
import { ROUTE } from './route.js';
import { SERVICE } from './service.js';
import { ctx, ksvc, route } from './testing.js';

function expectCause(causes: { field: string; message: string }[], field: string, message: string) {
  const hit = causes.find((c) => c.field === field && c.message.includes(message));
  assert.ok(hit, `no cause ${field} ~ "${message}" in ${JSON.stringify(causes, null, 1)}`);
}

describe('serving - defaults', () => {
  it('service - fills Knative defaults and the default traffic block', () => {
    const out = admit(SERVICE, ksvc(), ctx());
    const spec = out.spec.template.spec;
    assert.equal(spec.timeoutSeconds, 300);
    assert.equal(spec.containerConcurrency, 0);
    assert.equal(spec.containers[0].name, 'user-container');
    // Knative's RevisionSpec.SetDefaults: a TCP readiness probe on the serving container, resources {},
    // enableServiceLinks false (test/knative/admission compares them with Knative's own output).
    assert.deepEqual(spec.containers[0].readinessProbe, { tcpSocket: { port: 0 }, successThreshold: 1 });
    assert.deepEqual(spec.containers[0].resources, {});
    assert.equal(spec.enableServiceLinks, false);
    assert.deepEqual(out.spec.traffic, [{ latestRevision: true, percent: 100 }]);
  });

  it('service - defaults come from config-defaults when present', () => {
    const c = ctx({
      'knative-serving/config-defaults': { 'revision-timeout-seconds': '120', 'container-concurrency': '5' },
    });
    const spec = admit(SERVICE, ksvc(), c).spec.template.spec;
    assert.equal(spec.timeoutSeconds, 120);
    assert.equal(spec.containerConcurrency, 5);
  });

  it('service - a command without an image is valid (Ebb runs local processes)', () => {
    const out = admit(
      SERVICE,
      ksvc((s) => (s.spec.template.spec.containers = [{ command: ['node', 'server.js'] }])),
      ctx(),
    );
    assert.deepEqual(out.spec.template.spec.containers[0].command, ['node', 'server.js']);
  });

  it('service - several containers get numbered names and a probe without handler gets tcpSocket', () => {
    const out = admit(
      SERVICE,
      ksvc((s) => {
        s.spec.template.spec.containers[0].readinessProbe = { periodSeconds: 1 };
        s.spec.template.spec.containers.push({ command: ['sidecar'] });
      }),
      ctx(),
    );
    const [main, side] = out.spec.template.spec.containers;
    assert.equal(main.name, 'user-container-0');
    assert.equal(side.name, 'user-container-1');
    assert.deepEqual(main.readinessProbe, {
      periodSeconds: 1,
      tcpSocket: { port: 0 },
      successThreshold: 1,
      failureThreshold: 3,
      timeoutSeconds: 1,
    });
    assert.equal(side.readinessProbe, undefined, 'no default probe on a container without ports');
  });

  it('route - latestRevision defaults from revisionName', () => {
    const out = admit(
      ROUTE,
      route([
        { revisionName: 'a', percent: 50 },
        { configurationName: 'c', percent: 50 },
      ]),
      ctx(),
    );
    assert.deepEqual(
      out.spec.traffic.map((t: any) => t.latestRevision),
      [false, true],
    );
  });
});

describe('serving - updates', () => {
  const rev = (): KObject => ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: { name: 'shop-00001', namespace: 'default' },
    spec: { containers: [{ image: 'example.com/app' }] },
  });

  it('revision - spec is immutable', () => {
    const old = admit(REVISION, rev(), ctx());
    const next = { ...old, spec: { ...old.spec, containerConcurrency: 3 } };
    assert.throws(
      () => admit(REVISION, next, ctx({}, 'update'), old),
      (err: any) => {
        expectCause(err.details.causes, 'spec', 'Immutable fields changed (-old +new)');
        assert.match(err.details.causes[0].message, /containerConcurrency/);
        return true;
      },
    );
  });

  it('revision - labels can change', () => {
    const old = admit(REVISION, rev(), ctx());
    const next = { ...old, metadata: { ...old.metadata, labels: { a: 'b' } } };
    admit(REVISION, next, ctx({}, 'update'), old);
  });

  it('service - a named template cannot change without a new name', () => {
    const old = admit(
      SERVICE,
      ksvc((s) => (s.spec.template.metadata.name = 'order-service-v1')),
      ctx(),
    );
    const next = structuredClone(old);
    next.spec.template.spec.containers[0].image = 'example/order:2';
    assert.throws(
      () => admit(SERVICE, next, ctx({}, 'update'), old),
      (err: any) => {
        expectCause(
          err.details.causes,
          'spec.template.metadata.name',
          'Saw the following changes without a name change',
        );
        return true;
      },
    );
  });
});
