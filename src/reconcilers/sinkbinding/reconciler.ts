/**
 * SinkBinding: resolves the sink (`SinkProvided`, `status.sinkUri`) and finds the subject
 * (`SinkBindingAvailable`), which decide `Ready`, with Knative's reasons: `NoAddressable` when the sink
 * does not resolve, `SubjectMissing` when the named subject does not exist (picked up when it appears:
 * Services and Configurations are watched), `SubjectUnavailable` for a kind Ebb does not run. The
 * variables themselves reach the subject's containers where its Revisions' processes are built
 * (inject.ts, which says why); this status is what that build reads.
 *
 * Unlike Knative, whose reconciler stops at a missing subject, the sink is resolved either way, so both
 * problems show at once.
 */
import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import type { ResourceStore } from '../../store/types.js';
import { resolveDestination } from '../destination.js';
import { RESOURCE } from '../labels.js';
import { inNamespace } from '../sink-watches.js';
import { type SubjectRef, subjectKind } from './resources/subject.js';

export const SINK_BINDING_CONDITIONS = new ConditionSet('Ready', ['SinkBindingAvailable', 'SinkProvided']);
/** How often a binding whose sink or subject is not there yet is looked at, besides the watches. */
const RETRY_MS = 10_000;

export type SubjectCheck = { ok: true } | { ok: false; reason: string; message: string };

/** Whether the subject can be bound: a kind Ebb runs, and (when named) an object that exists. */
export function checkSubject(store: ResourceStore, subject: SubjectRef, namespace: string): SubjectCheck {
  const kind = subjectKind(subject);
  if (!kind.ok) return { ok: false, reason: 'SubjectUnavailable', message: kind.message };
  if (!subject.name) return { ok: true };
  const resource = kind.kind === 'Service' ? RESOURCE.services : RESOURCE.configurations;
  if (store.get({ resource, namespace: subject.namespace || namespace, name: subject.name }))
    return { ok: true };
  return { ok: false, reason: 'SubjectMissing', message: `${resource} "${subject.name}" not found` };
}

export function sinkBindingReconciler(): KindReconciler {
  const def = kindForObject('sources.knative.dev/v1', 'SinkBinding') as KindDef;
  return {
    def,
    conditions: SINK_BINDING_CONDITIONS,
    watches: [
      { resource: 'brokers.eventing.knative.dev', keysFor: inNamespace },
      { resource: RESOURCE.services, keysFor: inNamespace },
      { resource: RESOURCE.configurations, keysFor: inNamespace },
    ],
    async reconcileKind(binding, cm, ctx) {
      const ns = binding.metadata.namespace ?? '';
      const spec = binding.spec ?? {};
      const status = binding.status!;
      const subject = checkSubject(ctx.store, (spec.subject ?? {}) as SubjectRef, ns);
      if (subject.ok) cm.markTrue('SinkBindingAvailable');
      else cm.markFalse('SinkBindingAvailable', subject.reason, subject.message);
      const sink = resolveDestination(ctx.store, spec.sink, ns);
      if (sink.ok) {
        status.sinkUri = sink.uri;
        cm.markTrue('SinkProvided');
      } else {
        delete status.sinkUri;
        cm.markFalse(
          'SinkProvided',
          'NoAddressable',
          `Addressable could not be extracted from destination: ${sink.message}`,
        );
      }
      return subject.ok && sink.ok ? undefined : { requeueAfterMs: RETRY_MS };
    },
  };
}
