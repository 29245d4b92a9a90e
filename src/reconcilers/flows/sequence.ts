/**
 * Sequence: one channel per step (`{name}-kn-sequence-{i}`) and one Subscription per step, whose
 * subscriber is the step and whose reply is the next step's channel — the last step's reply goes to
 * `spec.reply` — as Knative builds it. The Sequence is addressed at its first channel; its status lists
 * the channels' and subscriptions' readiness.
 */
import { type ConditionManager, ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { kindForObject } from '../../api/registry.js';
import { type KindReconciler, ownerKeys } from '../../controller/reconciler.js';
import { channelRef, unsupportedTemplateMessage } from '../channel/backing.js';
import { IMC_RESOURCE } from '../subscription/channel-ref.js';
import {
  allReady,
  channelStatus,
  ensureFlowChildren,
  type FlowChildren,
  isInMemoryChannel,
  SUBSCRIPTION_RESOURCE,
  subscriptionStatus,
  type WantedSubscription,
} from './children.js';

export const FLOW_CONDITION_SET = new ConditionSet('Ready', [
  'ChannelsReady',
  'SubscriptionsReady',
  'Addressable',
]);

export const sequenceChannelName = (name: string, step: number) => `${name}-kn-sequence-${step}`;

export function sequenceReconciler(): KindReconciler {
  const def = kindForObject('flows.knative.dev/v1', 'Sequence') as KindDef;
  return {
    def,
    conditions: FLOW_CONDITION_SET,
    watches: [
      { resource: IMC_RESOURCE, keysFor: ownerKeys('Sequence') },
      { resource: SUBSCRIPTION_RESOURCE, keysFor: ownerKeys('Sequence') },
    ],
    async reconcileKind(seq, cm, ctx) {
      const name = seq.metadata.name;
      const steps: any[] = Array.isArray(seq.spec?.steps) ? seq.spec.steps : [];
      if (!templateSupported(seq, cm)) return undefined;
      const channels = steps.map((_, i) => sequenceChannelName(name, i));
      const subscriptions: WantedSubscription[] = steps.map((step, i) => {
        const { delivery, ...subscriber } = step ?? {};
        const reply = i + 1 < steps.length ? { ref: channelRef(channels[i + 1]!) } : seq.spec?.reply;
        return { name: channels[i]!, channel: channels[i]!, subscriber, reply, delivery };
      });
      const children = ensureFlowChildren(ctx.store, seq, channels, subscriptions);
      const status = seq.status!;
      status.channelStatuses = children.channels.map(channelStatus);
      status.subscriptionStatuses = children.subscriptions.map(subscriptionStatus);
      markFlow(cm, status, children, children.channels[0]);
      return undefined;
    },
  };
}

/** ChannelsReady False when the template is a kind Ebb does not run; returns whether it runs. */
export function templateSupported(flow: KObject, cm: ConditionManager): boolean {
  const template = flow.spec?.channelTemplate;
  if (isInMemoryChannel(template)) return true;
  cm.markFalse('ChannelsReady', 'ChannelTemplateNotSupported', unsupportedTemplateMessage(template));
  return false;
}

/** The flow's conditions and address from its children; `entry` is the channel it is addressed at. */
export function markFlow(
  cm: ConditionManager,
  status: any,
  children: FlowChildren,
  entry: KObject | undefined,
) {
  if (children.notOwned) {
    cm.markFalse(
      'ChannelsReady',
      'NotOwned',
      `There is an existing ${children.notOwned} that we do not own.`,
    );
    return;
  }
  if (allReady(children.channels)) cm.markTrue('ChannelsReady');
  else cm.markUnknown('ChannelsReady', 'ChannelsNotReady', 'Channels are not ready yet, or there are none');
  if (allReady(children.subscriptions)) cm.markTrue('SubscriptionsReady');
  else
    cm.markUnknown(
      'SubscriptionsReady',
      'SubscriptionsNotReady',
      'Subscriptions are not ready yet, or there are none',
    );
  const address = (entry?.status as any)?.address;
  if (address?.url) {
    status.address = address;
    status.addresses = [address];
    cm.markTrue('Addressable');
  } else {
    delete status.address;
    delete status.addresses;
    cm.markUnknown('Addressable', 'emptyAddress', 'addressable is nil');
  }
}
