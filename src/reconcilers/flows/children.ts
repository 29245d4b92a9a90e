/**
 * What Sequence and Parallel build on: their InMemoryChannels and Subscriptions as controlled children
 * (named as Knative names them), the `{channel|subscription, ready}` entries of their statuses, and the
 * removal of children a shorter spec no longer wants.
 */
import { readyCondition } from '../../api/conditions.js';
import type { KObject } from '../../api/object.js';
import type { ResourceStore } from '../../store/types.js';
import { channelRef, ensureChannel, isInMemoryChannel } from '../channel/backing.js';
import { ensureChild } from '../children.js';
import { controllerRef, isControlledBy } from '../owner.js';
import { IMC_RESOURCE } from '../subscription/channel-ref.js';

export const SUBSCRIPTION_RESOURCE = 'subscriptions.messaging.knative.dev';

export interface WantedSubscription {
  name: string;
  channel: string;
  subscriber?: unknown;
  reply?: unknown;
  delivery?: unknown;
}

export interface FlowChildren {
  channels: KObject[];
  subscriptions: KObject[];
  /** Set when a child of the same name exists that the flow does not control. */
  notOwned?: string;
}

/** Creates or updates the flow's channels and subscriptions, and deletes the controlled ones not wanted. */
export function ensureFlowChildren(
  store: ResourceStore,
  owner: KObject,
  channelNames: string[],
  subscriptions: WantedSubscription[],
): FlowChildren {
  const template = owner.spec?.channelTemplate;
  const labels = flowLabels(owner);
  const out: FlowChildren = { channels: [], subscriptions: [] };
  for (const name of channelNames) {
    const got = ensureChannel(store, owner, { name, templateSpec: template?.spec, labels });
    if (got.notOwned) out.notOwned ??= `InMemoryChannel "${name}"`;
    out.channels.push(got.object);
  }
  for (const want of subscriptions) {
    const spec: Record<string, unknown> = { channel: channelRef(want.channel) };
    if (want.subscriber) spec.subscriber = want.subscriber;
    if (want.reply) spec.reply = want.reply;
    if (want.delivery) spec.delivery = want.delivery;
    const desired: KObject = {
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'Subscription',
      metadata: {
        name: want.name,
        namespace: owner.metadata.namespace ?? '',
        ownerReferences: [controllerRef(owner)],
        labels,
      },
      spec,
    };
    const got = ensureChild(store, SUBSCRIPTION_RESOURCE, owner, desired);
    if (got.notOwned) out.notOwned ??= `Subscription "${want.name}"`;
    out.subscriptions.push(got.object);
  }
  prune(store, owner, IMC_RESOURCE, new Set(channelNames));
  prune(store, owner, SUBSCRIPTION_RESOURCE, new Set(subscriptions.map((s) => s.name)));
  return out;
}

export { isInMemoryChannel };

function flowLabels(owner: KObject): Record<string, string> {
  // Knative labels a flow's children with the flow's kind and name (e.g. `messaging.knative.dev/sequence`).
  return { [`flows.knative.dev/${owner.kind.toLowerCase()}`]: owner.metadata.name };
}

function prune(store: ResourceStore, owner: KObject, resource: string, keep: Set<string>): void {
  const namespace = owner.metadata.namespace ?? '';
  for (const obj of store.list(resource, { namespace }).items) {
    if (isControlledBy(obj, owner) && !keep.has(obj.metadata.name)) {
      store.delete({ resource, namespace, name: obj.metadata.name });
    }
  }
}

/** `{channel: ref, ready: condition}` as Knative's flow statuses list them. */
export function channelStatus(obj: KObject) {
  return { channel: objectRef(obj), ready: readyOf(obj) };
}

export function subscriptionStatus(obj: KObject) {
  return { subscription: objectRef(obj), ready: readyOf(obj) };
}

function objectRef(obj: KObject) {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace,
  };
}

function readyOf(obj: KObject) {
  return readyCondition(obj.status) ?? { type: 'Ready', status: 'Unknown' };
}

/** True when every child's Ready is True. */
export function allReady(objs: KObject[]): boolean {
  return objs.every(
    (o) =>
      readyCondition(o.status)?.status === 'True' && o.status?.observedGeneration === o.metadata.generation,
  );
}
