/**
 * Broker: an embedded durable log stream per broker, served by the broker ingress at
 * `http://127.0.0.1:{ingress port}/{namespace}/{name}` (Knative's path-based broker-ingress address).
 * `MTChannelBasedBroker` (Knative's default class) and `Ebb` both mean the embedded log; other classes are
 * not Ready and say which ones work.
 */
import { ConditionSet } from '../../api/conditions.js';
import { BROKER_CLASS_ANNOTATION } from '../../api/eventing/index.js';
import type { KindDef } from '../../api/kind.js';
import type { KObject } from '../../api/object.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import type { BrokerIngress } from '../../eventing/ingress/index.js';
import type { EventLog } from '../../eventing/types.js';
import { deliveryPolicy, markDeadLetterSink } from '../delivery.js';

export const EMBEDDED_BROKER_CLASSES = ['MTChannelBasedBroker', 'Ebb'];

export const BROKER_CONDITIONS = new ConditionSet('Ready', [
  'Addressable',
  'FilterReady',
  'IngressReady',
  'TriggerChannelReady',
  'DeadLetterSinkResolved',
]);

export interface BrokerSettings {
  ingress: BrokerIngress;
  log: EventLog;
  ingressUrl(): string;
}

export const streamOf = (namespace: string, name: string) => `${namespace}/${name}`;

export function brokerReconciler(settings: BrokerSettings): KindReconciler {
  const def = kindForObject('eventing.knative.dev/v1', 'Broker') as KindDef;
  return {
    def,
    conditions: BROKER_CONDITIONS,
    watches: [
      {
        resource: 'services.serving.knative.dev',
        keysFor: (o: KObject) => [`${o.metadata.namespace ?? ''}/*`],
      },
    ],
    async reconcileKind(broker, cm, ctx) {
      const ns = broker.metadata.namespace ?? '';
      const name = broker.metadata.name;
      const status = broker.status!;
      const cls = broker.metadata.annotations?.[BROKER_CLASS_ANNOTATION] ?? 'MTChannelBasedBroker';
      if (!EMBEDDED_BROKER_CLASSES.includes(cls)) {
        settings.ingress.removeBroker(ns, name);
        const message = `broker class "${cls}" is not supported here: use ${EMBEDDED_BROKER_CLASSES.join(' or ')} (annotation ${BROKER_CLASS_ANNOTATION})`;
        cm.markFalse('IngressReady', 'BrokerClassNotSupported', message);
        return undefined;
      }
      settings.ingress.setBroker(ns, name, { stream: streamOf(ns, name) });
      const url = `${settings.ingressUrl()}/${ns}/${name}`;
      status.address = { url };
      status.addresses = [{ url }];
      cm.markTrue('IngressReady');
      cm.markTrue('FilterReady');
      cm.markTrue('TriggerChannelReady');
      cm.markTrue('Addressable');
      const { deadLetter } = deliveryPolicy(ctx.store, broker.spec?.delivery, ns);
      markDeadLetterSink(cm, status, deadLetter);
      return undefined;
    },
    async finalize(key) {
      const slash = key.indexOf('/');
      const ns = key.slice(0, slash);
      const name = key.slice(slash + 1);
      settings.ingress.removeBroker(ns, name);
      await settings.log.dropStream(streamOf(ns, name));
    },
  };
}
