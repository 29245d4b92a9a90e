import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admit } from '../admission.js';
import { readSeed, seedDir } from '../common/seed-files.js';
import type { ValidationContext } from '../kind.js';
import type { KObject } from '../object.js';
import { CONFIGMAP } from './configmap.js';
import { NAMESPACE } from './namespace.js';
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, SERVICE_ACCOUNT } from './passthrough.js';
import { SECRET } from './secret.js';

const ctx: ValidationContext = { operation: 'create', config: () => undefined };
const update: ValidationContext = { ...ctx, operation: 'update' };
const skip = seedDir() ? false : 'seed-sample folder not found';
const inDefault = (obj: KObject): KObject => ({
  ...obj,
  metadata: { ...obj.metadata, namespace: 'default' },
});

function causes(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (err: any) {
    assert.equal(err.status, 422, err.message);
    return err.details.causes;
  }
  return assert.fail('expected a 422');
}

const secret = (data: Record<string, unknown>, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'default' },
  data,
  ...extra,
});

describe('core - Secret', () => {
  it('secret - the seed secret fails naming data.alirocketmqsource', { skip }, () => {
    const [cause, ...rest] = causes(() => admit(SECRET, inDefault(readSeed('203-secret.yaml')), ctx));
    assert.equal(cause?.field, 'data.alirocketmqsource');
    assert.equal(cause?.message, 'illegal base64 data at input byte 0');
    assert.deepEqual(rest, []);
  });

  it('secret - the seed secret with a valid base64 value passes', { skip }, () => {
    const seed = inDefault(readSeed('203-secret.yaml'));
    const value = Buffer.from(
      '{"url":"http://localhost:8081","accessKeyId":"a","accessKeySecret":"b"}',
    ).toString('base64');
    const out = admit(SECRET, { ...seed, data: { alirocketmqsource: value } }, ctx);
    assert.equal(out.type, 'Opaque');
    assert.equal((out.data as any).alirocketmqsource, value);
  });

  it('secret - stringData is folded into data and removed', () => {
    const out = admit(SECRET, secret({ a: 'eA==' }, { stringData: { b: 'hello', a: 'x' } }), ctx);
    assert.deepEqual(out.data, { a: 'eA==', b: 'aGVsbG8=' });
    assert.equal(out.stringData, undefined);
    assert.equal(out.type, 'Opaque');
  });

  it('secret - key syntax, types and type-specific keys', () => {
    const bad = causes(() => admit(SECRET, secret({ 'bad key': 'eA==' }), ctx));
    assert.equal(bad[0]?.field, 'data.bad key');
    assert.match(bad[0]!.message, /a valid config key must consist of alphanumeric characters/);
    const tls = causes(() =>
      admit(SECRET, secret({ 'tls.crt': 'eA==' }, { type: 'kubernetes.io/tls' }), ctx),
    );
    assert.deepEqual(
      tls.map((c) => c.field),
      ['data.tls.key'],
    );
    const num = causes(() => admit(SECRET, secret({ a: 1 }), ctx));
    assert.deepEqual(
      num.map((c) => [c.field, c.message]),
      [['data.a', 'expected string, got integer']],
    );
  });

  it('secret - immutable secrets keep their data; type never changes', () => {
    const old = admit(SECRET, secret({ a: 'eA==' }, { immutable: true }), ctx);
    const changed = causes(() => admit(SECRET, { ...old, data: { a: 'eQ==' } }, update, old));
    assert.equal(changed[0]?.field, 'data');
    const retyped = causes(() =>
      admit(SECRET, { ...old, type: 'kubernetes.io/basic-auth', data: { username: 'eA==' } }, update, old),
    );
    assert.ok(retyped.some((c) => c.field === 'type'));
  });

  it('secret - get columns never show values', () => {
    const out = admit(SECRET, secret({ a: 'eA==', b: 'eA==' }), ctx);
    assert.deepEqual(
      SECRET.columns?.map((c) => c.value(out)),
      ['Opaque', '2'],
    );
  });
});

describe('core - ConfigMap, Namespace, pass-through kinds', () => {
  const cm = (extra: Record<string, unknown>): KObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config-defaults', namespace: 'knative-serving' },
    ...extra,
  });

  it('configmap - values are strings, binaryData base64, keys unique', () => {
    admit(CONFIGMAP, cm({ data: { 'revision-timeout-seconds': '120' } }), ctx);
    const numeric = causes(() => admit(CONFIGMAP, cm({ data: { 'container-concurrency': 5 } }), ctx));
    assert.deepEqual(
      numeric.map((c) => c.field),
      ['data.container-concurrency'],
    );
    const dup = causes(() => admit(CONFIGMAP, cm({ data: { a: 'x' }, binaryData: { a: 'eA==' } }), ctx));
    assert.match(dup[0]!.message, /duplicate of key present in data/);
    const bin = causes(() => admit(CONFIGMAP, cm({ binaryData: { b: '!' } }), ctx));
    assert.deepEqual(
      bin.map((c) => [c.field, c.message]),
      [['binaryData.b', 'illegal base64 data at input byte 0']],
    );
    assert.equal(CONFIGMAP.columns?.[0]?.value(cm({ data: { a: 'x', b: 'y' } })), '2');
  });

  it('namespace - cluster-scoped DNS label, Active', () => {
    const out = admit(NAMESPACE, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, ctx);
    assert.equal(out.status?.phase, 'Active');
    const bad = causes(() =>
      admit(NAMESPACE, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }, ctx),
    );
    assert.equal(bad[0]?.field, 'metadata.name');
    assert.match(bad[0]!.message, /RFC 1123 label/);
  });

  it('passthrough - seed ServiceAccount and ClusterRoleBinding are stored as-is', { skip }, () => {
    const sa = inDefault(readSeed('200-serviceaccount.yaml'));
    assert.deepEqual(admit(SERVICE_ACCOUNT, sa, ctx), sa);
    const crb = readSeed('202-clusterrolebinding.yaml');
    assert.deepEqual(admit(CLUSTER_ROLE_BINDING, crb, ctx), crb);
    assert.equal(
      CLUSTER_ROLE_BINDING.columns?.[0]?.value(crb),
      'ClusterRole/eventing-sources-rocketmq-controller',
    );
  });

  it('passthrough - RBAC names are path segments', () => {
    const role = (name: string): KObject => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      rules: [],
    });
    admit(CLUSTER_ROLE, role('system:controller:x'), ctx);
    const bad = causes(() => admit(CLUSTER_ROLE, role('a/b'), ctx));
    assert.equal(bad[0]?.field, 'metadata.name');
    assert.match(bad[0]!.message, /may not contain '\/'/);
  });
});
