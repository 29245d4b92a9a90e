import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sinkBindingKind } from './sink-binding.js';
import { admit, fields, manifest } from './testing.js';

const sink = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };
const binding = (subject: unknown, extra: Record<string, unknown> = {}) =>
  manifest(sinkBindingKind, { sink, subject, ...extra });
const ksvc = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };

test('sinkbinding - a Service by name or by selector passes; the namespace defaults to the binding', () => {
  const byName = admit(sinkBindingKind, binding({ ...ksvc, name: 'emitter' }));
  assert.ok(byName.err.isEmpty, byName.err.toString());
  assert.equal(byName.obj.spec.subject.namespace, 'default');
  const bySelector = admit(
    sinkBindingKind,
    binding({
      ...ksvc,
      selector: { matchLabels: { app: 'shop' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
    }),
  );
  assert.ok(bySelector.err.isEmpty, bySelector.err.toString());
});

test('sinkbinding - apiVersion, kind and name are checked as tracker.Reference.Validate does', () => {
  const { err } = admit(
    sinkBindingKind,
    binding({ apiVersion: 'a/b/c', kind: 'Not-A-Kind', name: 'Bad_Name' }),
  );
  assert.deepEqual(fields(err), ['spec.subject.apiVersion', 'spec.subject.kind', 'spec.subject.name']);
  const kind = err.causes().find((c) => c.field === 'spec.subject.kind')!;
  assert.match(kind.message, /^invalid value: a valid C identifier must start with alphabetic character/);
  const name = err.causes().find((c) => c.field === 'spec.subject.name')!;
  assert.match(name.message, /RFC 1123 label/);
});

test('sinkbinding - another namespace, a missing sink and a bad selector are 422 causes', () => {
  const { err } = admit(
    sinkBindingKind,
    manifest(sinkBindingKind, {
      subject: {
        ...ksvc,
        namespace: 'other',
        selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] },
      },
    }),
  );
  assert.deepEqual(fields(err), [
    'spec.sink',
    'spec.subject.namespace',
    'spec.subject.selector.matchExpressions[0].operator',
  ]);
});

test('sinkbinding - ceOverrides extensions must be lowercase alphanumeric', () => {
  const { err } = admit(
    sinkBindingKind,
    binding({ ...ksvc, name: 'e' }, { ceOverrides: { extensions: { Bad_Key: 'x', good: 'y' } } }),
  );
  assert.deepEqual(fields(err), ['spec.ceOverrides.extensions[Bad_Key]']);
});

test('sinkbinding - conditions and columns follow Knative: SinkBindingAvailable, SinkProvided; SINK, AGE, READY, REASON', () => {
  assert.deepEqual(sinkBindingKind.conditionTypes, ['Ready', 'SinkBindingAvailable', 'SinkProvided']);
  assert.deepEqual(
    sinkBindingKind.columns?.map((c) => c.header),
    ['SINK', 'AGE', 'READY', 'REASON'],
  );
});
