/**
 * The watches every reconciler with a sink or subscriber needs: a change to an addressable object (a
 * Broker, a Knative Service, a channel, a flow, an EventTransform or a JobSink) in a namespace
 * re-reconciles that namespace's objects, so one whose destination did not resolve recovers as soon as it
 * appears.
 */
import type { KObject } from '../api/object.js';
import type { WatchSpec } from '../controller/reconciler.js';

/** Every object in the changed object's namespace (`ns/*`). */
export const inNamespace = (o: KObject): string[] => [`${o.metadata.namespace ?? ''}/*`];

export const SINK_WATCHES: readonly WatchSpec[] = [
  { resource: 'brokers.eventing.knative.dev', keysFor: inNamespace },
  { resource: 'services.serving.knative.dev', keysFor: inNamespace },
  { resource: 'channels.messaging.knative.dev', keysFor: inNamespace },
  { resource: 'inmemorychannels.messaging.knative.dev', keysFor: inNamespace },
  { resource: 'sequences.flows.knative.dev', keysFor: inNamespace },
  { resource: 'parallels.flows.knative.dev', keysFor: inNamespace },
  { resource: 'eventtransforms.eventing.knative.dev', keysFor: inNamespace },
  { resource: 'jobsinks.sinks.knative.dev', keysFor: inNamespace },
];
