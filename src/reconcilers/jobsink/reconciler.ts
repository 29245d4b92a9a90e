/**
 * JobSink: publishes the sink's address and says it is addressable, as Knative's reconciler does — the
 * job-sink service's host with Ebb's ingress port, path `/{namespace}/{name}`
 * (`http://job-sink.knative-eventing.svc.cluster.local:{port}/{namespace}/{name}`), `Addressable`,
 * `EventPoliciesReady` True with Knative's reason when OIDC is off (Ebb has no EventPolicies) — and
 * `status.job.selector`, the label selector of its Jobs. The receiver serves the address; the Job
 * reconciler runs what it records.
 */
import { ConditionSet } from '../../api/conditions.js';
import { jobSinkKind } from '../../api/eventing/job-sink.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import { JOB_SINK_HOST } from '../../sinks/job/receiver.js';
import { JOB_SINK_NAME_LABEL } from './resources/event-job.js';

export const JOB_SINK_CONDITION_SET = new ConditionSet('Ready', ['Addressable', 'EventPoliciesReady']);

export interface JobSinkReconcilerOptions {
  ingressPort(): number;
}

/** The address of JobSink `namespace/name` on an ingress port. */
export function jobSinkAddress(port: number, namespace: string, name: string): string {
  return `http://${JOB_SINK_HOST}:${port}/${namespace}/${name}`;
}

export function jobSinkReconciler(opts: JobSinkReconcilerOptions): KindReconciler {
  return {
    def: jobSinkKind,
    conditions: JOB_SINK_CONDITION_SET,
    async reconcileKind(sink, cm) {
      const ns = sink.metadata.namespace ?? 'default';
      const status = sink.status!;
      if (sink.spec?.job) status.job = { selector: `${JOB_SINK_NAME_LABEL}=${sink.metadata.name}` };
      else delete status.job;
      status.address = { name: 'http', url: jobSinkAddress(opts.ingressPort(), ns, sink.metadata.name) };
      delete status.addresses;
      cm.markTrue('Addressable');
      cm.markTrue(
        'EventPoliciesReady',
        'OIDCDisabled',
        'Feature "authentication-oidc" must be enabled to support Authorization',
      );
      return undefined;
    },
  };
}
