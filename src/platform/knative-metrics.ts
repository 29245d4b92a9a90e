/**
 * Knative's eventing metric names on /metrics, wired from the eventing plane's hooks: the broker ingress
 * (metrics/broker-ingress.ts), trigger deliveries (metrics/triggers.ts), channel deliveries
 * (metrics/channel-dispatcher.ts), RocketMQ sources (metrics/rocketmq-source.ts, from the adapters' hook)
 * and the other sources (metrics/sources.ts, read at scrape time). The serving series (requests,
 * autoscaler) are registered by the serving plane itself (serving.ts). docs/metrics.md lists every series
 * and how it compares with Knative's.
 */
import type { AttemptRecord } from '../eventing/dispatcher/index.js';
import { registerBrokerIngressMetrics } from './metrics/broker-ingress.js';
import { registerChannelMetrics } from './metrics/channel-dispatcher.js';
import { registerRocketMQSourceMetrics } from './metrics/rocketmq-source.js';
import { registerSourceMetrics } from './metrics/sources.js';
import { registerTriggerMetrics } from './metrics/triggers.js';
import type { ObservabilityContext, ObservabilityPart } from './observability.js';

export function createKnativeMetrics(ctx: ObservabilityContext): ObservabilityPart {
  const channels = registerChannelMetrics(ctx.metrics);
  const ingress = registerBrokerIngressMetrics(ctx.metrics, ctx.store, channels.onRefused);
  const triggers = registerTriggerMetrics(ctx.metrics, ctx.store);
  registerSourceMetrics(ctx.metrics);
  registerRocketMQSourceMetrics(ctx.metrics, ctx.sources.rocketmq);
  const unobserve = ctx.eventing.observe({
    onAppended: ingress.onAppended,
    onRejected: ingress.onRejected,
    onAttempt: (a: AttemptRecord) => {
      // Trigger dispatchers read `namespace/broker`; channel subscribers `namespace/channel/channel`.
      if (isChannelStream(a.stream)) channels.onAttempt(a);
      else triggers.onAttempt(a);
    },
  });
  return {
    handlers: [],
    stop: async () => {
      unobserve();
      triggers.stop();
    },
  };
}

/** A channel's stream has three segments; a broker's two. */
function isChannelStream(stream: string): boolean {
  const first = stream.indexOf('/');
  return first !== -1 && stream.indexOf('/', first + 1) !== -1;
}
