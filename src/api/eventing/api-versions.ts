/**
 * Where older apiVersions in references go: a manifest written for Knative 0.x refers to
 * `serving.knative.dev/v1alpha1` Services and `eventing.knative.dev/v1alpha1` Brokers; converted to the
 * stored version, those references name the version each kind is stored at now. Only kinds this table
 * knows are rewritten; anything else (another project's CRDs, unknown groups) is kept as written.
 */
import { groupOf } from '../object.js';

/** group → kind → the group/version the kind lives at now. */
const CURRENT: Record<string, Record<string, string>> = {
  'serving.knative.dev': {
    Service: 'serving.knative.dev/v1',
    Configuration: 'serving.knative.dev/v1',
    Revision: 'serving.knative.dev/v1',
    Route: 'serving.knative.dev/v1',
  },
  'eventing.knative.dev': {
    Broker: 'eventing.knative.dev/v1',
    Trigger: 'eventing.knative.dev/v1',
    EventType: 'eventing.knative.dev/v1beta2',
  },
  'messaging.knative.dev': {
    Channel: 'messaging.knative.dev/v1',
    InMemoryChannel: 'messaging.knative.dev/v1',
    Subscription: 'messaging.knative.dev/v1',
    // Sequence and Parallel began in messaging.knative.dev and moved to flows.knative.dev.
    Sequence: 'flows.knative.dev/v1',
    Parallel: 'flows.knative.dev/v1',
  },
  'flows.knative.dev': { Sequence: 'flows.knative.dev/v1', Parallel: 'flows.knative.dev/v1' },
  'sources.knative.dev': {
    PingSource: 'sources.knative.dev/v1',
    SinkBinding: 'sources.knative.dev/v1',
    ContainerSource: 'sources.knative.dev/v1',
    ApiServerSource: 'sources.knative.dev/v1',
    RocketMQSource: 'sources.knative.dev/v1alpha1',
  },
  'sources.eventing.knative.dev': {
    ContainerSource: 'sources.knative.dev/v1',
    ApiServerSource: 'sources.knative.dev/v1',
    RocketMQSource: 'sources.knative.dev/v1alpha1',
  },
};

/** The current apiVersion for a reference to `kind` written at `apiVersion` (unchanged when unknown). */
export function currentApiVersion(apiVersion: string, kind: string): string {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return apiVersion;
  return CURRENT[groupOf(apiVersion)]?.[kind] ?? apiVersion;
}
