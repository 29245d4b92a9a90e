/**
 * RocketMQSource: resolves the sink (SinkProvided, `status.sinkUri`), where and as whom to consume
 * (connection.ts), and the delivery policy, then runs the source's adapter in `ebb up` (Deployed): ready
 * once its consumer is connected and receiving. The adapter asks for the source to be looked at again when
 * receiving starts failing (a deleted topic, a stopped RocketMQ) and when it recovers, and it is looked
 * at every few seconds anyway, so the conditions say so at once, and clear.
 */
import { ConditionSet } from '../../api/conditions.js';
import { consumerGroupOf, dataFormatOf } from '../../api/eventing/index.js';
import type { KindDef } from '../../api/kind.js';
import { kindForObject } from '../../api/registry.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import type { AdapterConfig, SelectorType } from '../../sources/rocketmq/index.js';
import type { RocketMQSources } from '../../sources/rocketmq/manager.js';
import { deliveryPolicy } from '../delivery.js';
import { resolveDestination } from '../destination.js';
import { secretValues } from '../secrets.js';
import { inNamespace, SINK_WATCHES } from '../sink-watches.js';
import { type LocalRocketMQ, ROCKETMQ_CONFIGMAP, resolveConnection } from './connection.js';

export const ROCKETMQ_SOURCE_CONDITIONS = new ConditionSet('Ready', ['SinkProvided', 'Deployed']);
/** How often a running source's adapter health is read back into its status. */
const HEALTH_PERIOD_MS = 5_000;
const RETRY_MS = 10_000;

export interface RocketMQSourceSettings {
  sources: RocketMQSources;
  /** The RocketMQ `ebb up` knows of, when no source or ConfigMap names one. */
  localRocketMQ(): LocalRocketMQ | undefined;
}

export function rocketmqSourceReconciler(settings: RocketMQSourceSettings): KindReconciler {
  const def = kindForObject('sources.knative.dev/v1alpha1', 'RocketMQSource') as KindDef;
  return {
    def,
    conditions: ROCKETMQ_SOURCE_CONDITIONS,
    watches: [
      ...SINK_WATCHES,
      { resource: 'secrets', keysFor: inNamespace },
      { resource: 'configmaps', keysFor: () => ['*'] },
    ],
    async reconcileKind(source, cm, ctx) {
      const ns = source.metadata.namespace ?? '';
      const name = source.metadata.name;
      const id = `${ns}/${name}`;
      const status = source.status!;
      const spec = source.spec ?? {};
      const sink = resolveDestination(ctx.store, spec.sink, ns);
      if (!sink.ok) {
        delete status.sinkUri;
        await settings.sources.remove(id);
        cm.markFalse('SinkProvided', 'NotFound', `Sink not found: ${sink.message}`);
        return { requeueAfterMs: RETRY_MS };
      }
      status.sinkUri = sink.uri;
      cm.markTrue('SinkProvided');
      const connection = resolveConnection({
        spec,
        secret: (secretName) => secretValues(ctx.store, ns, secretName),
        configEndpoints: ctx.config(ROCKETMQ_CONFIGMAP.namespace, ROCKETMQ_CONFIGMAP.name)?.endpoints,
        local: settings.localRocketMQ(),
      });
      if (!connection.ok) {
        await settings.sources.remove(id);
        cm.markFalse('Deployed', connection.reason, connection.message);
        return { requeueAfterMs: RETRY_MS };
      }
      const { policy, deadLetter } = deliveryPolicy(ctx.store, spec.delivery, ns);
      if (deadLetter && !deadLetter.ok) {
        cm.markFalse('Deployed', 'DeadLetterSinkNotResolved', deadLetter.message);
        return { requeueAfterMs: RETRY_MS };
      }
      const config: AdapterConfig = {
        endpoints: connection.endpoints,
        topic: spec.topic,
        consumerGroup: consumerGroupOf(spec) ?? '',
        selector: {
          type: (spec.selector?.type ?? 'TAG') as SelectorType,
          expression: spec.selector?.expression ?? '*',
        },
        sinkUri: sink.uri,
        namespace: ns,
        name,
        delivery: policy,
      };
      if (connection.credentials) config.credentials = connection.credentials;
      if (spec.ceOverrides?.extensions) config.overrides = spec.ceOverrides.extensions;
      if (dataFormatOf(source) === 'message') config.dataFormat = 'message';
      const health = await settings.sources.upsert(id, config, () =>
        ctx.enqueue(`${def.plural}.${def.group}`, ns, name),
      );
      if (health.ok) cm.markTrue('Deployed');
      else cm.markFalse('Deployed', health.reason, health.message);
      return { requeueAfterMs: health.ok ? HEALTH_PERIOD_MS : RETRY_MS };
    },
    async finalize(key) {
      await settings.sources.remove(key);
    },
  };
}
