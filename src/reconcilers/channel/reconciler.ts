/**
 * Channel: creates its backing channel from `spec.channelTemplate` (an InMemoryChannel, the only channel
 * kind Ebb runs), named as the Channel and controlled by it, with the Channel's delivery; then reports the
 * backing channel's address, subscribers and readiness as its own (`status.channel` names it), as
 * Knative's Channel controller does. The backing channel's `spec.subscribers` belong to the Subscription
 * controller and are kept as they are.
 */
import { ConditionSet, readyCondition } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import { kindForObject } from '../../api/registry.js';
import { type KindReconciler, ownerKeys } from '../../controller/reconciler.js';
import { deliveryPolicy, markDeadLetterSink } from '../delivery.js';
import { IMC_RESOURCE } from '../subscription/channel-ref.js';
import { channelRef, ensureChannel, isInMemoryChannel, unsupportedTemplateMessage } from './backing.js';

export const CHANNEL_CONDITION_SET = new ConditionSet('Ready', [
  'BackingChannelReady',
  'Addressable',
  'DeadLetterSinkResolved',
]);

export function channelReconciler(): KindReconciler {
  const def = kindForObject('messaging.knative.dev/v1', 'Channel') as KindDef;
  return {
    def,
    conditions: CHANNEL_CONDITION_SET,
    watches: [{ resource: IMC_RESOURCE, keysFor: ownerKeys('Channel') }],
    async reconcileKind(channel, cm, ctx) {
      const ns = channel.metadata.namespace ?? '';
      const status = channel.status!;
      const template = channel.spec?.channelTemplate ?? {};
      const { deadLetter } = deliveryPolicy(ctx.store, channel.spec?.delivery, ns);
      markDeadLetterSink(cm, status, deadLetter);
      if (!isInMemoryChannel(template)) {
        cm.markFalse(
          'BackingChannelReady',
          'ChannelTemplateNotSupported',
          unsupportedTemplateMessage(template),
        );
        return undefined;
      }
      const outcome = ensureChannel(ctx.store, channel, {
        name: channel.metadata.name,
        templateSpec: template.spec,
        delivery: channel.spec?.delivery,
        ...(channel.metadata.labels ? { labels: channel.metadata.labels } : {}),
      });
      if (outcome.notOwned) {
        cm.markFalse(
          'BackingChannelReady',
          'NotOwned',
          `There is an existing InMemoryChannel "${channel.metadata.name}" that we do not own.`,
        );
        return undefined;
      }
      const backing = outcome.object;
      status.channel = channelRef(backing.metadata.name, ns);
      const bs = (backing.status ?? {}) as any;
      if (bs.address?.url) {
        status.address = bs.address;
        status.addresses = bs.addresses ?? [bs.address];
        cm.markTrue('Addressable');
      } else {
        delete status.address;
        delete status.addresses;
        cm.markUnknown(
          'Addressable',
          'BackingChannelNotAddressable',
          'the backing channel has no address yet',
        );
      }
      if (Array.isArray(bs.subscribers)) status.subscribers = bs.subscribers;
      else delete status.subscribers;
      cm.propagate(
        'BackingChannelReady',
        readyCondition(backing.status),
        'BackingChannelNotConfigured',
        'the backing channel is not ready yet',
      );
      return undefined;
    },
  };
}
