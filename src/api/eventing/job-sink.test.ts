import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JOB_CONCURRENCY_ANNOTATION, jobSinkKind } from './job-sink.js';
import { admit, fields, manifest } from './testing.js';

const container = {
  name: 'main',
  image: 'docker.io/library/bash:5',
  command: ['cat'],
  args: ['/etc/jobsink-event/event'],
};
const job = (podSpec: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) => ({
  job: {
    spec: {
      completions: 1,
      parallelism: 1,
      ...spec,
      template: { spec: { restartPolicy: 'Never', containers: [container], ...podSpec } },
    },
  },
});

test('jobsink - the Knative docs example passes and every container gets K_EXECUTION_MODE=batch', () => {
  const { obj, err } = admit(jobSinkKind, manifest(jobSinkKind, job()));
  assert.ok(err.isEmpty, err.toString());
  assert.deepEqual(obj.spec.job.spec.template.spec.containers[0].env, [
    { name: 'K_EXECUTION_MODE', value: 'batch' },
  ]);
  const again = admit(jobSinkKind, obj).obj;
  assert.equal(again.spec.job.spec.template.spec.containers[0].env.length, 1, 'defaults are idempotent');
});

test('jobsink - a K_EXECUTION_MODE the container sets is kept', () => {
  const own = { ...container, env: [{ name: 'K_EXECUTION_MODE', value: 'mine' }] };
  const { obj } = admit(jobSinkKind, manifest(jobSinkKind, job({ containers: [own] })));
  assert.deepEqual(obj.spec.job.spec.template.spec.containers[0].env, [
    { name: 'K_EXECUTION_MODE', value: 'mine' },
  ]);
});

test('jobsink - spec.job is required, as Knative says it', () => {
  const { err } = admit(jobSinkKind, manifest(jobSinkKind, {}));
  assert.deepEqual(fields(err), ['spec.job']);
  assert.match(err.toString(), /expected exactly one, got neither: spec\.job/);
});

test('jobsink - the Job is validated as a batch/v1 Job, paths under spec.job.spec', () => {
  const { err } = admit(
    jobSinkKind,
    manifest(jobSinkKind, {
      job: {
        apiVersion: 'batch/v2',
        spec: {
          backoffLimit: -1,
          template: { spec: { restartPolicy: 'Always', containers: [{ name: 'main' }] } },
        },
      },
    }),
  );
  assert.deepEqual(fields(err), [
    'spec.job.apiVersion',
    'spec.job.spec.backoffLimit',
    'spec.job.spec.template.spec.containers[0].command',
    'spec.job.spec.template.spec.containers[0].image',
    'spec.job.spec.template.spec.restartPolicy',
  ]);
  const policy = err.causes().find((c) => c.field.endsWith('restartPolicy'));
  assert.equal(policy?.message, 'Unsupported value: "Always": supported values: "OnFailure", "Never"');
});

test('jobsink - a missing restartPolicy is required, as Kubernetes requires it of a Job', () => {
  const { err } = admit(jobSinkKind, manifest(jobSinkKind, job({ restartPolicy: undefined })));
  assert.deepEqual(fields(err), ['spec.job.spec.template.spec.restartPolicy']);
  assert.equal(err.causes()[0]?.reason, 'FieldValueRequired');
});

test('jobsink - the concurrency annotation must be a positive integer', () => {
  for (const [value, ok] of [
    ['3', true],
    ['0', false],
    ['two', false],
    ['1.5', false],
  ] as const) {
    const { err } = admit(
      jobSinkKind,
      manifest(jobSinkKind, job(), { annotations: { [JOB_CONCURRENCY_ANNOTATION]: value } }),
    );
    assert.equal(err.isEmpty, ok, `${value}: ${err.toString()}`);
    if (!ok) assert.deepEqual(fields(err), [`metadata.annotations[${JOB_CONCURRENCY_ANNOTATION}]`]);
  }
});

test('jobsink - columns are the CRD printer columns', () => {
  assert.deepEqual(
    jobSinkKind.columns?.map((c) => c.header),
    ['URL', 'AGE', 'READY', 'REASON'],
  );
  assert.deepEqual(jobSinkKind.conditionTypes, ['Ready', 'Addressable', 'EventPoliciesReady']);
});
