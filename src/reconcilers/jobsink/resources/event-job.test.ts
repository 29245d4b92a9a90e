import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { KObject } from '../../../api/object.js';
import { buildEventJob, buildEventSecret, childName, jobNameFor } from './event-job.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sink: KObject = {
  apiVersion: 'sinks.knative.dev/v1alpha1',
  kind: 'JobSink',
  metadata: { name: 'logger', namespace: 'default', uid: 'u-1' },
  spec: {
    job: {
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'bash' }] } } },
    },
  },
};

test('jobsink resources - Job names are Knative toJobName: ChildName(sink-, md5(source+id))', () => {
  assert.equal(jobNameFor('logger', '/src', 'id-1'), `logger-${md5('/srcid-1')}`);
  const long = 'a'.repeat(40);
  const name = jobNameFor(long, 's', 'i');
  assert.equal(name.length, 63);
  assert.equal(name, `${`${long}-`.slice(0, 31)}${md5(`${long}-${md5('si')}`)}`);
  assert.equal(childName('abc', '-x'), 'abc-x');
});

test('jobsink resources - the Job mounts the event Secret, names the folder in K_EVENT_PATH, and is owned', () => {
  const job = buildEventJob(sink, '/src', 'id-1');
  const pod = job.spec.template.spec;
  assert.deepEqual(pod.volumes, [{ name: 'jobsink-event', secret: { secretName: job.metadata.name } }]);
  assert.deepEqual(pod.containers[0].volumeMounts, [
    { name: 'jobsink-event', readOnly: true, mountPath: '/etc/jobsink-event' },
  ]);
  assert.deepEqual(pod.containers[0].env, [{ name: 'K_EVENT_PATH', value: '/etc/jobsink-event' }]);
  assert.deepEqual(job.metadata.labels, {
    'sinks.knative.dev/job-sink-id': job.metadata.name,
    'sinks.knative.dev/job-sink-name': 'logger',
  });
  assert.equal(job.metadata.ownerReferences?.[0]?.uid, 'u-1');
  assert.equal(job.spec.backoffLimit, 6, 'Kubernetes defaults are filled');
  assert.equal(sink.spec.job.spec.template.spec.volumes, undefined, 'the JobSink is not changed');
  const secret = buildEventSecret({ ...job, metadata: { ...job.metadata, uid: 'j-1' } }, '{"id":"id-1"}');
  assert.equal(
    Buffer.from((secret.data as Record<string, string>).event!, 'base64').toString(),
    '{"id":"id-1"}',
  );
  assert.equal(secret.metadata.ownerReferences?.[0]?.uid, 'j-1');
  assert.equal(secret.immutable, true);
});

test('jobsink resources - a mount of the event volume the user chose is kept and named in K_EVENT_PATH', () => {
  const custom = structuredClone(sink);
  custom.spec.job.spec.template.spec.containers[0].volumeMounts = [
    { name: 'jobsink-event', mountPath: '/in' },
  ];
  const job = buildEventJob(custom, 's', 'i');
  assert.deepEqual(job.spec.template.spec.containers[0].env, [{ name: 'K_EVENT_PATH', value: '/in' }]);
  assert.equal(job.spec.template.spec.containers[0].volumeMounts.length, 1);
});
