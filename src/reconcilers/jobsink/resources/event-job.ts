/**
 * Pure builders for what a JobSink records per event, as Knative's job-sink handler builds them: the Job
 * (`spec.job` with the sink's defaults, named from the event's source and id so a redelivered event finds
 * the same Job, labelled `sinks.knative.dev/job-sink-name` and `sinks.knative.dev/job-sink-id`, controlled
 * by the JobSink) with the `jobsink-event` Secret volume mounted at `/etc/jobsink-event` and
 * `K_EVENT_PATH` naming that folder; and the Secret (same name, immutable, owned by the Job so it goes
 * with it) whose `event` key holds the event as structured JSON. Ebb adds two annotations, the event's
 * id and source, for `ebb describe`.
 */
import { createHash } from 'node:crypto';
import { setJobSpecDefaults } from '../../../api/batch/index.js';
import { clone, type KObject } from '../../../api/object.js';
import { controllerRef } from '../../owner.js';

export const JOB_SINK_NAME_LABEL = 'sinks.knative.dev/job-sink-name';
export const JOB_SINK_ID_LABEL = 'sinks.knative.dev/job-sink-id';
export const EVENT_ID_ANNOTATION = 'ebb.dev/event-id';
export const EVENT_SOURCE_ANNOTATION = 'ebb.dev/event-source';
/** The volume Knative mounts the event Secret as, and where. */
export const EVENT_VOLUME = 'jobsink-event';
export const EVENT_MOUNT_PATH = '/etc/jobsink-event';
export const EVENT_PATH_ENV = 'K_EVENT_PATH';
/** The Secret key holding the event: the file is `$K_EVENT_PATH/event`. */
export const EVENT_KEY = 'event';

const LONGEST_NAME = 63;
const HEAD = LONGEST_NAME - 32;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** knative.dev/pkg kmeta.ChildName. */
export function childName(parent: string, suffix: string): string {
  if (parent.length <= LONGEST_NAME - suffix.length) return parent + suffix;
  if (HEAD - suffix.length <= 0) {
    let out = parent.slice(0, HEAD) + md5(parent + suffix);
    if (out.length < LONGEST_NAME) out += suffix.slice(0, LONGEST_NAME - out.length);
    return out.replace(/[^a-zA-Z0-9]+$/, '');
  }
  return `${parent.slice(0, HEAD - suffix.length)}${md5(parent)}${suffix}`;
}

/** Knative's toJobName: the Job of the event with this source and id. */
export function jobNameFor(jobSink: string, source: string, id: string): string {
  return childName(`${jobSink}-`, md5(source + id));
}

export function buildEventJob(jobSink: KObject, source: string, id: string): KObject {
  const name = jobNameFor(jobSink.metadata.name, source, id);
  const template: any = clone(jobSink.spec?.job ?? {});
  const spec = template.spec ?? {};
  setJobSpecDefaults(spec);
  spec.template ??= {};
  spec.template.spec ??= {};
  const podSpec = spec.template.spec;
  for (const c of podSpec.containers ?? []) {
    const mount = (c.volumeMounts ?? []).find((m: any) => m.name === EVENT_VOLUME);
    if (!mount)
      c.volumeMounts = [
        ...(c.volumeMounts ?? []),
        { name: EVENT_VOLUME, readOnly: true, mountPath: EVENT_MOUNT_PATH },
      ];
    c.env = [...(c.env ?? []), { name: EVENT_PATH_ENV, value: mount?.mountPath ?? EVENT_MOUNT_PATH }];
  }
  if (!(podSpec.volumes ?? []).some((v: any) => v.name === EVENT_VOLUME))
    podSpec.volumes = [...(podSpec.volumes ?? []), { name: EVENT_VOLUME, secret: { secretName: name } }];
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: jobSink.metadata.namespace ?? 'default',
      labels: { ...meta.labels, [JOB_SINK_ID_LABEL]: name, [JOB_SINK_NAME_LABEL]: jobSink.metadata.name },
      annotations: { ...meta.annotations, [EVENT_ID_ANNOTATION]: id, [EVENT_SOURCE_ANNOTATION]: source },
      ownerReferences: [{ ...controllerRef(jobSink), blockOwnerDeletion: false }],
    },
    spec,
  };
}

export function buildEventSecret(job: KObject, eventJson: string): KObject {
  const labels = job.metadata.labels ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: job.metadata.name,
      namespace: job.metadata.namespace ?? 'default',
      labels: {
        [JOB_SINK_ID_LABEL]: labels[JOB_SINK_ID_LABEL] ?? '',
        [JOB_SINK_NAME_LABEL]: labels[JOB_SINK_NAME_LABEL] ?? '',
      },
      ownerReferences: [{ ...controllerRef(job), blockOwnerDeletion: false }],
    },
    immutable: true,
    type: 'Opaque',
    data: { [EVENT_KEY]: Buffer.from(eventJson).toString('base64') },
  };
}
