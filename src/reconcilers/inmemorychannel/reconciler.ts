/**
 * InMemoryChannel: an addressable channel served by the ingress at Knative's dispatcher host
 * (`{name}-kn-channel.{namespace}.svc.cluster.local`) and fanned out to the subscribers the Subscription
 * controller writes into `spec.subscribers`, one dispatcher per subscriber. Unlike Knative's (which holds
 * events in memory), Ebb's channel is durable: an accepted event is in the event log, and each subscriber
 * reads it from its own committed offset, so a crash or restart loses nothing. Each subscriber's readiness
 * is reported in `status.subscribers`, as Knative's channels report it.
 */
import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler, ReconcileContext } from '../../controller/reconciler.js';
import { splitKey } from '../../controller/reconciler.js';
import type { DispatcherManager } from '../../eventing/dispatcher/index.js';
import type { BrokerIngress } from '../../eventing/ingress/index.js';
import type { EventLog } from '../../eventing/types.js';
import { deliveryPolicy, markDeadLetterSink } from '../delivery.js';
import { CLUSTER_LOCAL_DOMAIN } from '../domain.js';

export const IMC_CONDITIONS = new ConditionSet('Ready', [
  'Addressable',
  'DispatcherReady',
  'DeadLetterSinkResolved',
]);

export interface InMemoryChannelSettings {
  ingress: BrokerIngress;
  log: EventLog;
  dispatchers: DispatcherManager;
  ingressPort(): number;
}

/** The event-log stream of a channel (a broker's is `namespace/name`; this cannot collide with it). */
export const channelStreamOf = (namespace: string, name: string) => `${namespace}/${name}/channel`;
/** Knative's address of an InMemoryChannel's dispatcher. */
export const channelHost = (namespace: string, name: string) =>
  `${name}-kn-channel.${namespace}.${CLUSTER_LOCAL_DOMAIN}`;
/** Dispatcher ids of a channel's subscribers share this prefix (the uid follows). */
const dispatcherPrefix = (namespace: string, name: string) => `${channelStreamOf(namespace, name)}/`;

export interface SubscriberStatus {
  uid: string;
  observedGeneration?: number;
  ready: 'True' | 'False';
  message?: string;
}

export function inMemoryChannelReconciler(settings: InMemoryChannelSettings): KindReconciler {
  const def = kindForObject('messaging.knative.dev/v1', 'InMemoryChannel') as KindDef;
  return {
    def,
    conditions: IMC_CONDITIONS,
    async reconcileKind(channel, cm, ctx) {
      const ns = channel.metadata.namespace ?? '';
      const name = channel.metadata.name;
      const status = channel.status!;
      const stream = channelStreamOf(ns, name);
      const host = channelHost(ns, name);
      settings.ingress.setChannel(host, { stream, namespace: ns, name });
      const port = settings.ingressPort();
      const url = `http://${host}${port === 80 ? '' : `:${port}`}`;
      status.address = { url };
      status.addresses = [{ url }];
      cm.markTrue('Addressable');
      const { deadLetter } = deliveryPolicy(ctx.store, channel.spec?.delivery, ns);
      markDeadLetterSink(cm, status, deadLetter);
      status.subscribers = await syncSubscribers(settings.dispatchers, channel, ctx);
      cm.markTrue('DispatcherReady');
      return undefined;
    },
    async finalize(key) {
      const { namespace, name } = splitKey(key);
      settings.ingress.removeChannel(channelHost(namespace, name));
      await removeDispatchers(settings.dispatchers, dispatcherPrefix(namespace, name), new Set());
      await settings.log.dropStream(channelStreamOf(namespace, name));
    },
  };
}

/** Runs one dispatcher per `spec.subscribers` entry, stops those no longer listed; returns their status. */
async function syncSubscribers(
  dispatchers: DispatcherManager,
  channel: KObject,
  ctx: ReconcileContext,
): Promise<SubscriberStatus[]> {
  const ns = channel.metadata.namespace ?? '';
  const name = channel.metadata.name;
  const prefix = dispatcherPrefix(ns, name);
  const subscribers: any[] = Array.isArray(channel.spec?.subscribers) ? channel.spec.subscribers : [];
  const wanted = new Set<string>();
  const out: SubscriberStatus[] = [];
  for (const s of subscribers) {
    if (!s?.uid) continue;
    const id = prefix + s.uid;
    wanted.add(id);
    const entry: SubscriberStatus = { uid: s.uid, ready: 'True' };
    if (s.generation !== undefined) entry.observedGeneration = s.generation;
    // A subscriber without subscriberUri sends the events straight on to its reply (Knative's rule).
    const target = s.subscriberUri ?? s.replyUri;
    const { policy } = deliveryPolicy(ctx.store, s.delivery ?? channel.spec?.delivery, ns);
    try {
      await dispatchers.upsert({
        id,
        stream: channelStreamOf(ns, name),
        subscriberUri: target,
        delivery: policy,
        ordered: false,
        ...(s.subscriberUri && s.replyUri ? { replyUri: s.replyUri } : {}),
      });
    } catch (err) {
      entry.ready = 'False';
      entry.message = err instanceof Error ? err.message : String(err);
    }
    out.push(entry);
  }
  await removeDispatchers(dispatchers, prefix, wanted);
  return out;
}

async function removeDispatchers(dispatchers: DispatcherManager, prefix: string, keep: Set<string>) {
  for (const id of dispatchers.ids())
    if (id.startsWith(prefix) && !keep.has(id)) await dispatchers.remove(id);
}
