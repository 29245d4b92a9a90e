import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admit } from './admission.js';
import { readSeed, seedDir } from './common/seed-files.js';
import { NAMESPACE } from './core/namespace.js';
import { SECRET } from './core/secret.js';
import type { ValidationContext } from './kind.js';
import type { KObject } from './object.js';
import { SERVICE } from './serving/service.js';

const ctx: ValidationContext = { operation: 'create', config: () => undefined };
const skip = seedDir() ? false : 'seed-sample folder not found';

const ksvc = (): KObject => ({
  apiVersion: 'serving.knative.dev/v1alpha1',
  kind: 'Service',
  metadata: { name: 'hello', namespace: 'default', labels: { app: 'hello' } },
  spec: {
    runLatest: { configuration: { revisionTemplate: { spec: { container: { image: 'example.com/app' } } } } },
  },
});

describe('admission', () => {
  it('admission - is pure: the input is unchanged', () => {
    const input = ksvc();
    const before = structuredClone(input);
    const out = admit(SERVICE, input, ctx);
    assert.deepEqual(input, before);
    assert.notEqual(out.spec, input.spec);
    const secret: KObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      stringData: { a: 'b' },
    };
    const secretBefore = structuredClone(secret);
    admit(SECRET, secret, ctx);
    assert.deepEqual(secret, secretBefore);
  });

  it('admission - is pure on failure too', { skip }, () => {
    const seed = { ...readSeed('ksvc-order-service.yaml') };
    seed.spec.template.spec.containerConcurrency = 5000;
    const before = structuredClone(seed);
    assert.throws(() => admit(SERVICE, seed, ctx), { status: 422 });
    assert.deepEqual(seed, before);
  });

  it('admission - defaults are idempotent (admitting the output again changes nothing)', () => {
    const once = admit(SERVICE, ksvc(), ctx);
    assert.deepEqual(admit(SERVICE, once, ctx), once);
  });

  it('admission - kind or apiVersion mismatch is a 400', () => {
    assert.throws(() => admit(SERVICE, { ...ksvc(), kind: 'Route' }, ctx), {
      status: 400,
      reason: 'BadRequest',
    });
    assert.throws(() => admit(SERVICE, { ...ksvc(), apiVersion: 'serving.knative.dev/v2' }, ctx), {
      status: 400,
    });
    assert.throws(() => admit(SERVICE, { ...ksvc(), apiVersion: 'v1' }, ctx), { status: 400 });
    assert.throws(() => admit(SERVICE, { ...ksvc(), apiVersion: '' }, ctx), { status: 400 });
  });

  it('admission - namespace presence follows the kind', () => {
    const noNs = { ...ksvc(), metadata: { name: 'hello' } };
    assert.throws(
      () => admit(SERVICE, noNs, ctx),
      (err: any) => err.status === 422 && err.details.causes[0].field === 'metadata.namespace',
    );
    const ns: KObject = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop', namespace: 'default' },
    };
    assert.throws(
      () => admit(NAMESPACE, ns, ctx),
      (err: any) => err.details.causes[0].field === 'metadata.namespace',
    );
  });

  it('admission - generateName stands in for a name', () => {
    const obj = { ...ksvc(), metadata: { generateName: 'hello-', namespace: 'default' } };
    assert.equal(admit(SERVICE, obj as KObject, ctx).metadata.generateName, 'hello-');
    const none = { ...ksvc(), metadata: { namespace: 'default' } };
    assert.throws(
      () => admit(SERVICE, none as KObject, ctx),
      (err: any) =>
        err.details.causes[0].field === 'metadata.name' && /generateName is required/.test(err.message),
    );
  });

  it('admission - an update cannot rename', () => {
    const old = admit(SERVICE, ksvc(), ctx);
    const renamed = { ...old, metadata: { ...old.metadata, name: 'other' } };
    assert.throws(
      () => admit(SERVICE, renamed, { ...ctx, operation: 'update' }, old),
      (err: any) => err.details.causes.some((c: any) => c.field === 'metadata.name'),
    );
  });
});

describe('admission - junk input', () => {
  /** Deterministic PRNG (mulberry32) so a failure reproduces. */
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const JUNK = [null, 'x', '', 0, -1, 1.5, true, [], [null], {}, { a: 1 }, ['a']];

  function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
    if (prefix.length > 0) out.push(prefix);
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value))
        paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
    }
    return out;
  }

  it('admission - never throws anything but an ApiError on mutated manifests', () => {
    const base: KObject = {
      apiVersion: 'serving.knative.dev/v1alpha1',
      kind: 'Service',
      metadata: {
        name: 'hello',
        namespace: 'default',
        annotations: { 'autoscaling.knative.dev/minScale': '1' },
      },
      spec: {
        template: {
          metadata: { name: 'hello-v1', labels: { a: 'b' } },
          spec: {
            containers: [
              {
                image: 'example.com/app',
                ports: [{ containerPort: 8080 }],
                env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
                readinessProbe: { httpGet: { port: 8080 } },
              },
            ],
          },
        },
        traffic: [{ latestRevision: true, percent: 100, tag: 't' }],
      },
    };
    const all = paths(base).filter((p) => !['apiVersion', 'kind'].includes(String(p[0])));
    const random = rng(42);
    for (let i = 0; i < 2000; i++) {
      const obj: any = structuredClone(base);
      const path = all[Math.floor(random() * all.length)]!;
      let parent = obj;
      for (const k of path.slice(0, -1)) parent = parent[k];
      parent[path.at(-1)!] = structuredClone(JUNK[Math.floor(random() * JUNK.length)]);
      try {
        admit(SERVICE, obj, ctx);
      } catch (err: any) {
        assert.ok(typeof err.status === 'number', `${path.join('.')}: ${err.stack}`);
      }
    }
  });
});
