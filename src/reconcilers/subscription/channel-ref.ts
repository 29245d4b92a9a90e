/**
 * The channel a Subscription names, down to the one that dispatches (Knative's "physical" channel): an
 * InMemoryChannel as it is, a Channel through the backing channel in its `status.channel`.
 */
import type { KObject } from '../../api/object.js';
import { kindForObject, resourceOf } from '../../api/registry.js';
import type { ResourceStore } from '../../store/types.js';

export const CHANNEL_RESOURCE = 'channels.messaging.knative.dev';
export const IMC_RESOURCE = 'inmemorychannels.messaging.knative.dev';

export type PhysicalChannel =
  | { ok: true; channel: KObject; resource: string }
  | { ok: false; reason: string; message: string };

export function physicalChannel(store: ResourceStore, ref: any, namespace: string): PhysicalChannel {
  const ns = ref?.namespace || namespace;
  const def = kindForObject(ref?.apiVersion ?? '', ref?.kind ?? '');
  const what = `${ref?.kind} ${ns}/${ref?.name}`;
  if (!def || (resourceOf(def) !== CHANNEL_RESOURCE && resourceOf(def) !== IMC_RESOURCE)) {
    return {
      ok: false,
      reason: 'ChannelReferenceFetchFailed',
      message: `Failed to get Spec.Channel or backing channel: ${ref?.apiVersion} ${ref?.kind} is not a channel kind Ebb runs (Channel or InMemoryChannel, messaging.knative.dev/v1)`,
    };
  }
  const obj = store.get({ resource: resourceOf(def), namespace: ns, name: ref.name });
  if (!obj) {
    return {
      ok: false,
      reason: 'ChannelReferenceFetchFailed',
      message: `Failed to get Spec.Channel or backing channel: ${what} not found`,
    };
  }
  if (resourceOf(def) === IMC_RESOURCE) return { ok: true, channel: obj, resource: IMC_RESOURCE };
  const backing = (obj.status as any)?.channel;
  const physical = backing?.name
    ? store.get({ resource: IMC_RESOURCE, namespace: backing.namespace || ns, name: backing.name })
    : undefined;
  if (!physical) {
    return {
      ok: false,
      reason: 'ChannelReferenceFetchFailed',
      message: `Failed to get Spec.Channel or backing channel: ${what} has no backing channel yet`,
    };
  }
  return { ok: true, channel: physical, resource: IMC_RESOURCE };
}
