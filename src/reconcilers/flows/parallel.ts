/**
 * Parallel: an ingress channel (`{name}-kn-parallel`) and, per branch, a filter Subscription from it to
 * the branch's filter (`{name}-kn-parallel-filter-{i}`, replying into the branch channel
 * `{name}-kn-parallel-{i}`; without a filter every event passes) and a subscriber Subscription from the
 * branch channel to the branch's subscriber (`{name}-kn-parallel-{i}`), whose reply goes to the branch's
 * `reply`, else the Parallel's — Knative's construction. Addressed at the ingress channel.
 */
import type { KindDef } from '../../api/kind.js';
import { kindForObject } from '../../api/registry.js';
import { type KindReconciler, ownerKeys } from '../../controller/reconciler.js';
import { channelRef } from '../channel/backing.js';
import { IMC_RESOURCE } from '../subscription/channel-ref.js';
import {
  channelStatus,
  ensureFlowChildren,
  SUBSCRIPTION_RESOURCE,
  subscriptionStatus,
  type WantedSubscription,
} from './children.js';
import { FLOW_CONDITION_SET, markFlow, templateSupported } from './sequence.js';

export const parallelChannelName = (name: string) => `${name}-kn-parallel`;
export const parallelBranchChannelName = (name: string, i: number) => `${name}-kn-parallel-${i}`;
export const parallelFilterSubscriptionName = (name: string, i: number) => `${name}-kn-parallel-filter-${i}`;

export function parallelReconciler(): KindReconciler {
  const def = kindForObject('flows.knative.dev/v1', 'Parallel') as KindDef;
  return {
    def,
    conditions: FLOW_CONDITION_SET,
    watches: [
      { resource: IMC_RESOURCE, keysFor: ownerKeys('Parallel') },
      { resource: SUBSCRIPTION_RESOURCE, keysFor: ownerKeys('Parallel') },
    ],
    async reconcileKind(parallel, cm, ctx) {
      const name = parallel.metadata.name;
      const branches: any[] = Array.isArray(parallel.spec?.branches) ? parallel.spec.branches : [];
      if (!templateSupported(parallel, cm)) return undefined;
      const ingress = parallelChannelName(name);
      const channels = [ingress, ...branches.map((_, i) => parallelBranchChannelName(name, i))];
      const subscriptions: WantedSubscription[] = branches.flatMap((branch, i) => {
        const branchChannel = parallelBranchChannelName(name, i);
        return [
          {
            name: parallelFilterSubscriptionName(name, i),
            channel: ingress,
            subscriber: branch?.filter,
            reply: { ref: channelRef(branchChannel) },
          },
          {
            name: branchChannel,
            channel: branchChannel,
            subscriber: branch?.subscriber,
            reply: branch?.reply ?? parallel.spec?.reply,
            delivery: branch?.delivery,
          },
        ];
      });
      const children = ensureFlowChildren(ctx.store, parallel, channels, subscriptions);
      const status = parallel.status!;
      const [ingressChannel, ...branchChannels] = children.channels;
      if (ingressChannel) status.ingressChannelStatus = channelStatus(ingressChannel);
      status.branchStatuses = branchChannels.map((channel, i) => ({
        filterSubscriptionStatus: subscriptionStatus(children.subscriptions[2 * i]!),
        filterChannelStatus: channelStatus(channel),
        subscriberSubscriptionStatus: subscriptionStatus(children.subscriptions[2 * i + 1]!),
      }));
      markFlow(cm, status, children, ingressChannel);
      return undefined;
    },
  };
}
