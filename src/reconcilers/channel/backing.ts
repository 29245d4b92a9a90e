/**
 * The channels other objects create — a Channel's backing channel, a Sequence's and a Parallel's — as
 * controlled InMemoryChannels. Their `spec.subscribers` belong to the Subscription controller, so the
 * desired object carries the existing subscribers over and a create-or-update never drops them.
 */
import type { KObject } from '../../api/object.js';
import type { ResourceStore } from '../../store/types.js';
import { type ChildOutcome, ensureChild } from '../children.js';
import { controllerRef } from '../owner.js';
import { IMC_RESOURCE } from '../subscription/channel-ref.js';

export const IMC_API_VERSION = 'messaging.knative.dev/v1';
export const IMC_KIND = 'InMemoryChannel';

/** True for a channelTemplate Ebb can run (an InMemoryChannel). */
export function isInMemoryChannel(template: any): boolean {
  return (
    template?.kind === IMC_KIND && String(template.apiVersion ?? '').startsWith('messaging.knative.dev/')
  );
}

/** Why a template is refused, in the words Channel, Sequence and Parallel use. */
export function unsupportedTemplateMessage(template: any): string {
  return `channelTemplate ${template?.apiVersion} ${template?.kind} is not a channel kind Ebb runs: use ${IMC_API_VERSION} ${IMC_KIND} (durable here)`;
}

export interface BackingChannel {
  name: string;
  /** The template's spec, copied. */
  templateSpec?: Record<string, unknown>;
  delivery?: unknown;
  labels?: Record<string, string>;
}

export function ensureChannel(store: ResourceStore, owner: KObject, want: BackingChannel): ChildOutcome {
  const namespace = owner.metadata.namespace ?? '';
  const existing = store.get({ resource: IMC_RESOURCE, namespace, name: want.name });
  const spec: Record<string, unknown> = { ...(want.templateSpec ?? {}) };
  if (want.delivery) spec.delivery = want.delivery;
  if (existing?.spec?.subscribers) spec.subscribers = existing.spec.subscribers;
  const desired: KObject = {
    apiVersion: IMC_API_VERSION,
    kind: IMC_KIND,
    metadata: {
      name: want.name,
      namespace,
      ownerReferences: [controllerRef(owner)],
      ...(want.labels ? { labels: want.labels } : {}),
    },
    spec,
  };
  return ensureChild(store, IMC_RESOURCE, owner, desired);
}

/** A reference to one of those channels (for a Subscription's channel or reply, or a status). */
export function channelRef(name: string, namespace?: string) {
  return { apiVersion: IMC_API_VERSION, kind: IMC_KIND, name, ...(namespace ? { namespace } : {}) };
}
