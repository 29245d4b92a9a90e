/**
 * Subscription: resolves its channel (down to the dispatching InMemoryChannel), subscriber, reply and
 * dead-letter sink (the subscription's delivery, else the channel's), records them in
 * `status.physicalSubscription`, and writes itself into the channel's `spec.subscribers` — Knative's
 * division of labour: the channel's controller then runs the dispatcher and reports the subscriber ready
 * in `status.subscribers`, which is what ChannelReady waits for. A deleted Subscription is taken out of
 * its channel's subscribers.
 */
import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler, ReconcileContext } from '../../controller/reconciler.js';
import { isStatusEqual, splitKey } from '../../controller/reconciler.js';
import { resolveDestination } from '../destination.js';
import { SINK_WATCHES } from '../sink-watches.js';
import { IMC_RESOURCE, physicalChannel } from './channel-ref.js';

export const SUBSCRIPTION_CONDITION_SET = new ConditionSet('Ready', [
  'Resolved',
  'AddedToChannel',
  'ChannelReady',
]);

export function subscriptionReconciler(): KindReconciler {
  const def = kindForObject('messaging.knative.dev/v1', 'Subscription') as KindDef;
  return {
    def,
    conditions: SUBSCRIPTION_CONDITION_SET,
    watches: [...SINK_WATCHES],
    async reconcileKind(sub, cm, ctx) {
      const ns = sub.metadata.namespace ?? '';
      const status = sub.status!;
      const spec = sub.spec ?? {};
      const found = physicalChannel(ctx.store, spec.channel, ns);
      if (!found.ok) {
        cm.markFalse('Resolved', found.reason, found.message);
        return { requeueAfterMs: 5_000 };
      }
      const physical: Record<string, string> = {};
      for (const [field, reason] of [
        ['subscriber', 'SubscriberResolveFailed'],
        ['reply', 'ReplyResolveFailed'],
      ] as const) {
        if (!spec[field]) continue;
        const resolved = resolveDestination(ctx.store, spec[field], ns);
        if (!resolved.ok) {
          cm.markFalse('Resolved', reason, `Failed to resolve spec.${field}: ${resolved.message}`);
          return { requeueAfterMs: 5_000 };
        }
        physical[`${field}Uri`] = resolved.uri;
      }
      const delivery = spec.delivery ?? found.channel.spec?.delivery;
      let deliveryUris: any;
      if (delivery?.deadLetterSink) {
        const dls = resolveDestination(ctx.store, delivery.deadLetterSink, ns);
        if (!dls.ok) {
          cm.markFalse(
            'Resolved',
            'DeadLetterSinkResolveFailed',
            `Failed to resolve spec.delivery.deadLetterSink: ${dls.message}`,
          );
          return { requeueAfterMs: 5_000 };
        }
        physical.deadLetterSinkUri = dls.uri;
        deliveryUris = { ...delivery, deadLetterSink: { uri: dls.uri } };
      } else if (delivery) deliveryUris = { ...delivery };
      status.physicalSubscription = physical;
      cm.markTrue('Resolved');

      const entry: any = { uid: sub.metadata.uid, generation: sub.metadata.generation ?? 1, ...physical };
      delete entry.deadLetterSinkUri;
      if (deliveryUris) entry.delivery = deliveryUris;
      const channel = addSubscriber(ctx, found.resource, found.channel, entry);
      cm.markTrue('AddedToChannel');
      const reported = ((channel.status as any)?.subscribers ?? []).find((s: any) => s.uid === entry.uid);
      if (reported?.ready === 'True' && (reported.observedGeneration ?? 0) >= entry.generation) {
        cm.markTrue('ChannelReady');
      } else if (reported?.ready === 'False') {
        cm.markFalse('ChannelReady', 'SubscriptionNotMarkedReadyByChannel', reported.message ?? '');
      } else {
        cm.markUnknown(
          'ChannelReady',
          'SubscriptionNotMarkedReadyByChannel',
          'Subscription not marked ready by channel',
        );
      }
      return undefined;
    },
    async finalize(key, ctx) {
      const { namespace } = splitKey(key);
      const live = new Set(
        ctx.store.list(def.plural + '.' + def.group, { namespace }).items.map((s) => s.metadata.uid),
      );
      for (const ch of ctx.store.list(IMC_RESOURCE, { namespace }).items) {
        const subs: any[] = Array.isArray(ch.spec?.subscribers) ? ch.spec.subscribers : [];
        const kept = subs.filter((s) => live.has(s?.uid));
        if (kept.length !== subs.length) writeSubscribers(ctx, IMC_RESOURCE, ch, kept);
      }
    },
  };
}

/** The channel with `entry` in its `spec.subscribers` (replacing the entry of the same uid). */
function addSubscriber(ctx: ReconcileContext, resource: string, channel: KObject, entry: any): KObject {
  const subs: any[] = Array.isArray(channel.spec?.subscribers) ? channel.spec.subscribers : [];
  const at = subs.findIndex((s) => s?.uid === entry.uid);
  if (at >= 0 && isStatusEqual(subs[at], entry)) return channel;
  const next = at >= 0 ? subs.map((s, i) => (i === at ? entry : s)) : [...subs, entry];
  return writeSubscribers(ctx, resource, channel, next);
}

function writeSubscribers(ctx: ReconcileContext, resource: string, channel: KObject, subscribers: any[]) {
  const spec = { ...(channel.spec ?? {}) };
  if (subscribers.length > 0) spec.subscribers = subscribers;
  else delete spec.subscribers;
  return ctx.store.update(resource, { ...channel, spec }, { subresource: 'main', hasStatus: true });
}
