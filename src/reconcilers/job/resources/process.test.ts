import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../../api/object.js';
import { buildJobProcess, pathRewriter } from './process.js';

const job = (spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', namespace: 'default' },
  spec: { completions: 1, backoffLimit: 1, ...spec },
});

test('job process - mount paths are rewritten in env, command and args; volumes become files', () => {
  const rewrite = pathRewriter([
    ['/etc/jobsink-event', '/w/ev'],
    ['/etc', '/w/etc'],
  ]);
  assert.equal(rewrite('cat /etc/jobsink-event/event && ls /etc/x'), 'cat /w/ev/event && ls /w/etc/x');
  const only = pathRewriter([['/etc/jobsink-event', '/w/ev']]);
  assert.equal(only('/etc/jobsink-events'), '/etc/jobsink-events', 'only whole path segments');
  const built = buildJobProcess(
    job({
      template: {
        spec: {
          restartPolicy: 'Never',
          volumes: [{ name: 'jobsink-event', secret: { secretName: 'j' } }],
          containers: [
            {
              name: 'main',
              command: ['cat'],
              args: ['/etc/jobsink-event/event'],
              env: [{ name: 'K_EVENT_PATH', value: '/etc/jobsink-event' }],
              volumeMounts: [{ name: 'jobsink-event', mountPath: '/etc/jobsink-event' }],
            },
          ],
        },
      },
    }),
    {
      secret: () => undefined,
      secretBytes: (name) => (name === 'j' ? { event: Buffer.from('{}') } : undefined),
      configMap: () => undefined,
      images: undefined,
    },
    '/work',
  );
  assert.ok(built.ok);
  if (!built.ok) return;
  assert.deepEqual(built.spec.command, ['cat', '/work/default_j/volumes/jobsink-event/event']);
  assert.equal(built.spec.env.K_EVENT_PATH, '/work/default_j/volumes/jobsink-event');
  assert.equal(built.spec.env.K_SERVICE, undefined);
  assert.deepEqual(
    built.spec.files.map((f) => f.path),
    ['/work/default_j/volumes/jobsink-event/event'],
  );
});

test('job process - a missing Secret keeps the pod from starting, as ContainerCreating', () => {
  const built = buildJobProcess(
    job({
      template: {
        spec: {
          volumes: [{ name: 'v', secret: { secretName: 'gone' } }],
          containers: [{ name: 'm', command: ['true'], volumeMounts: [{ name: 'v', mountPath: '/v' }] }],
        },
      },
    }),
    { secret: () => undefined, secretBytes: () => undefined, configMap: () => undefined, images: undefined },
    '/work',
  );
  assert.deepEqual(built.ok ? undefined : [built.reason, built.message], [
    'ContainerCreating',
    'MountVolume.SetUp failed for volume "v": secret "gone" not found',
  ]);
});
