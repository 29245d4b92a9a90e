/**
 * Trigger: resolves the broker, the subscriber and the delivery spec (the trigger's replacing the
 * broker's), compiles the filter, and runs a dispatcher that delivers the broker's events from the
 * trigger's own committed offset (Knative's MT broker filter, backed by the durable log).
 */
import { ConditionSet, readyCondition } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import type { DispatcherManager } from '../../eventing/dispatcher/index.js';
import {
  type CesqlCompiler,
  compileFilters,
  UnsupportedFilterError,
} from '../../eventing/filters/dialects.js';
import type { TriggerSpecResolved } from '../../eventing/types.js';
import { streamOf } from '../broker/reconciler.js';
import { deliveryPolicy, markDeadLetterSink } from '../delivery.js';
import { resolveDestination } from '../destination.js';
import { SINK_WATCHES } from '../sink-watches.js';

export const ORDER_ANNOTATION = 'kafka.eventing.knative.dev/delivery.order';

export const TRIGGER_CONDITIONS = new ConditionSet('Ready', [
  'BrokerReady',
  'SubscriberResolved',
  'DependencyReady',
  'DeadLetterSinkResolved',
  'SubscriptionReady',
]);

export interface TriggerSettings {
  dispatchers: DispatcherManager;
  cesql?: CesqlCompiler;
}

export function triggerReconciler(settings: TriggerSettings): KindReconciler {
  const def = kindForObject('eventing.knative.dev/v1', 'Trigger') as KindDef;
  return {
    def,
    conditions: TRIGGER_CONDITIONS,
    watches: [...SINK_WATCHES],
    async reconcileKind(trigger, cm, ctx) {
      const ns = trigger.metadata.namespace ?? '';
      const id = `${ns}/${trigger.metadata.name}`;
      const status = trigger.status!;
      const spec = trigger.spec ?? {};
      cm.markTrue('DependencyReady');
      const broker = ctx.store.get({
        resource: 'brokers.eventing.knative.dev',
        namespace: ns,
        name: spec.broker,
      });
      if (!broker) {
        await settings.dispatchers.remove(id);
        cm.markFalse('BrokerReady', 'BrokerDoesNotExist', `Broker "${spec.broker}" does not exist`);
        return undefined;
      }
      const brokerReady = readyCondition(broker.status);
      if (brokerReady?.status !== 'True') {
        cm.propagate('BrokerReady', brokerReady, 'BrokerNotReady', `Broker "${spec.broker}" is not ready`);
        return undefined;
      }
      cm.markTrue('BrokerReady');
      const subscriber = resolveDestination(ctx.store, spec.subscriber, ns);
      if (!subscriber.ok) {
        delete status.subscriberUri;
        cm.markFalse('SubscriberResolved', "Unable to get the Subscriber's URI", subscriber.message);
        return { requeueAfterMs: 5_000 };
      }
      status.subscriberUri = subscriber.uri;
      cm.markTrue('SubscriberResolved');
      const { policy, deadLetter } = deliveryPolicy(ctx.store, spec.delivery ?? broker.spec?.delivery, ns);
      if (!markDeadLetterSink(cm, status, deadLetter)) return { requeueAfterMs: 5_000 };
      const resolved: TriggerSpecResolved = {
        id,
        stream: streamOf(ns, spec.broker),
        subscriberUri: subscriber.uri,
        delivery: policy,
        ordered: trigger.metadata.annotations?.[ORDER_ANNOTATION] === 'ordered',
        replyUri: (broker.status as any)?.address?.url,
      };
      try {
        if (Array.isArray(spec.filters) && spec.filters.length > 0) {
          resolved.matches = compileFilters(spec.filters, settings.cesql);
        } else if (spec.filter?.attributes) {
          resolved.attributes = spec.filter.attributes;
        }
      } catch (err) {
        if (!(err instanceof UnsupportedFilterError)) throw err;
        cm.markFalse('SubscriptionReady', 'FilterNotSupported', err.message);
        return undefined;
      }
      await settings.dispatchers.upsert(resolved);
      cm.markTrue('SubscriptionReady');
      return undefined;
    },
    async finalize(key) {
      await settings.dispatchers.remove(key);
    },
  };
}
