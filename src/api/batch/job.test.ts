import assert from 'node:assert/strict';
import { test } from 'node:test';
import { admit, fields } from '../eventing/testing.js';
import type { KObject } from '../object.js';
import { humanDuration, JOB, jobStatusText } from './job.js';

const job = (spec: Record<string, unknown>, podSpec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', namespace: 'default' },
  spec: {
    ...spec,
    template: {
      spec: { restartPolicy: 'Never', containers: [{ name: 'm', command: ['true'] }], ...podSpec },
    },
  },
});

test('job - Kubernetes defaults: completions, parallelism, backoffLimit, suspend', () => {
  const { obj, err } = admit(JOB, job({}));
  assert.ok(err.isEmpty, err.toString());
  assert.equal(obj.spec.completions, 1);
  assert.equal(obj.spec.parallelism, 1);
  assert.equal(obj.spec.backoffLimit, 6);
  assert.equal(obj.spec.suspend, false);
});

test('job - counts and durations must be non-negative integers', () => {
  const { err } = admit(
    JOB,
    job({
      completions: -1,
      parallelism: 'two',
      ttlSecondsAfterFinished: -5,
      activeDeadlineSeconds: 0,
      suspend: 'no',
    }),
  );
  assert.deepEqual(fields(err), [
    'spec.activeDeadlineSeconds',
    'spec.completions',
    'spec.parallelism',
    'spec.suspend',
    'spec.ttlSecondsAfterFinished',
  ]);
  assert.match(err.toString(), /Invalid value: -1: must be greater than or equal to 0/);
});

test('job - the pod template: one container, known volumes, mounts of declared volumes, no init containers', () => {
  const { err } = admit(
    JOB,
    job(
      {},
      {
        containers: [
          {
            name: 'a',
            image: 'x',
            volumeMounts: [
              { name: 'nope', mountPath: '/data' },
              { name: 'ev', mountPath: 'rel' },
            ],
          },
          { name: 'b', image: 'y' },
        ],
        volumes: [
          { name: 'ev', secret: { secretName: 's' } },
          { name: 'host', hostPath: { path: '/' } },
        ],
        initContainers: [{ name: 'init', image: 'z' }],
      },
    ),
  );
  assert.deepEqual(fields(err), [
    'spec.template.spec.containers',
    'spec.template.spec.containers[0].volumeMounts[0].name',
    'spec.template.spec.containers[0].volumeMounts[1].mountPath',
    'spec.template.spec.initContainers',
    'spec.template.spec.volumes[1].hostPath',
  ]);
});

test('job - a missing template names the containers', () => {
  const { err } = admit(JOB, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: {} });
  assert.deepEqual(fields(err), ['spec.template.spec.containers']);
});

test('job - the template is immutable', () => {
  const before = admit(JOB, job({})).obj;
  const after = structuredClone(before);
  after.spec.template.spec.containers[0].command = ['false'];
  assert.deepEqual(
    fields(JOB.validateUpdate!(before, after, { operation: 'update', config: () => undefined })),
    ['spec.template'],
  );
});

test('job - STATUS and DURATION columns as kubectl prints them', () => {
  const base = admit(JOB, job({})).obj;
  assert.equal(jobStatusText(base), 'Pending');
  const running = { ...base, status: { startTime: '2024-01-01T00:00:00Z', active: 1 } };
  assert.equal(jobStatusText(running), 'Running');
  const done = {
    ...base,
    status: {
      startTime: '2024-01-01T00:00:00Z',
      completionTime: '2024-01-01T00:00:07Z',
      succeeded: 1,
      conditions: [{ type: 'Complete', status: 'True' as const }],
    },
  };
  assert.equal(jobStatusText(done), 'Complete');
  const cells = JOB.columns!.filter((c) => !c.wide).map((c) => c.value(done));
  assert.deepEqual(cells.slice(0, 3), ['Complete', '1/1', '7s']);
  assert.deepEqual([humanDuration(125_000), humanDuration(3 * 3600_000 + 60_000)], ['2m5s', '3h1m']);
});
