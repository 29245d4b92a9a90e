/**
 * RocketMQ sources under Knative's adapter names (`pkg/metrics/source`; Knative has no RocketMQ source, so
 * the component is named as its adapters are): per attempt from the adapters' `onSent` hook,
 * `rocketmqsource_event_count` once per event when it ends (accepted, or dead-lettered after its last
 * failure) and `rocketmqsource_retry_event_count` for each failed attempt that is tried again (here or
 * redelivered by RocketMQ), labelled with the event's type and source and the sink's response code (none
 * without a response: then `response_error`).
 */
import type { Registry } from 'prom-client';
import type { EventRecord } from '../../eventing/types.js';
import type { RocketMQSources } from '../../sources/rocketmq/manager.js';
import { type CounterChild, CounterFamily } from './families.js';
import { EVENT_SCHEME, responseCodeClass } from './knative.js';

const SOURCE_LABELS = [
  'namespace_name',
  'name',
  'resource_group',
  'event_type',
  'event_source',
  'event_scheme',
  'response_code',
  'response_code_class',
  'response_error',
] as const;

/** type → source → status (0: no response) → child */
type ByEvent = Map<string, Map<string, Map<number, CounterChild>>>;

export function registerRocketMQSourceMetrics(registry: Registry, rocketmq: RocketMQSources): void {
  const sent = new CounterFamily(
    'rocketmqsource_event_count',
    'Number of events sent',
    SOURCE_LABELS,
    registry,
  );
  const retried = new CounterFamily(
    'rocketmqsource_retry_event_count',
    'Number of retry events sent',
    SOURCE_LABELS,
    registry,
  );
  const childOf = (family: CounterFamily<(typeof SOURCE_LABELS)[number]>, byEvent: ByEvent, id: string) => {
    return (event: EventRecord, status: number | undefined): CounterChild => {
      const type = event.attributes.type ?? '';
      const source = event.attributes.source ?? '';
      let bySource = byEvent.get(type);
      if (!bySource) {
        bySource = new Map();
        byEvent.set(type, bySource);
      }
      let byStatus = bySource.get(source);
      if (!byStatus) {
        byStatus = new Map();
        bySource.set(source, byStatus);
      }
      const code = status ?? 0;
      let c = byStatus.get(code);
      if (!c) {
        const [namespace = '', name = ''] = id.split('/');
        c = family.child({
          namespace_name: namespace,
          name,
          resource_group: 'rocketmqsources.sources.knative.dev',
          event_type: type,
          event_source: source,
          event_scheme: EVENT_SCHEME,
          response_code: code ? String(code) : '',
          response_code_class: code ? responseCodeClass(code) : '',
          response_error: code ? '' : 'no response',
        });
        byStatus.set(code, c);
      }
      return c;
    };
  };
  const counters = new Map<
    string,
    { final: ReturnType<typeof childOf>; retry: ReturnType<typeof childOf> }
  >();
  rocketmq.onSent = (id, event, status, willRetry) => {
    let c = counters.get(id);
    if (!c) {
      c = { final: childOf(sent, new Map(), id), retry: childOf(retried, new Map(), id) };
      counters.set(id, c);
    }
    (willRetry ? c.retry : c.final)(event, status).value++;
  };
}
