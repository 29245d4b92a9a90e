/**
 * Channels and flows as `ebb up` runs them: InMemoryChannels on the eventing plane's log, ingress (by
 * Host) and dispatchers; Channel, Subscription, Sequence and Parallel as reconcilers over them.
 */
import { channelReconciler } from '../reconcilers/channel/reconciler.js';
import { parallelReconciler } from '../reconcilers/flows/parallel.js';
import { sequenceReconciler } from '../reconcilers/flows/sequence.js';
import { inMemoryChannelReconciler } from '../reconcilers/inmemorychannel/reconciler.js';
import { subscriptionReconciler } from '../reconcilers/subscription/reconciler.js';
import type { FlowKindContext, FlowKindPlane } from './flow-kinds.js';

export function createChannels(ctx: FlowKindContext): FlowKindPlane {
  const { ingress, log, dispatchers } = ctx.eventing;
  return {
    reconcilers: [
      inMemoryChannelReconciler({ ingress, log, dispatchers, ingressPort: ctx.ingressPort }),
      channelReconciler(),
      subscriptionReconciler(),
      sequenceReconciler(),
      parallelReconciler(),
    ],
    // Channel hosts are served by the broker ingress (the same durable append).
    handlers: [],
    stop: async () => {},
  };
}
