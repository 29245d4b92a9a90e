/**
 * The broker ingress's series under Knative's names (mt-broker-ingress, exported with its component
 * prefix as Knative's Grafana dashboards query them): `mt_broker_ingress_event_count` per event with the
 * answer it got (202 once durable in the log, or the refusal's status) and
 * `mt_broker_ingress_event_dispatch_latencies`, the time from the event's arrival stamp to the durable
 * append (Knative: the send to the broker's channel). Refused requests carry no `event_type` (they are
 * refused before or while their events are read); Knative counts only some of them, Ebb every one.
 * Requests refused by a channel's ingress count as `inmemorychannel_dispatcher_event_count` (as Knative's
 * channel receiver does).
 */
import type { Registry } from 'prom-client';
import type { AppendedEvents } from '../../eventing/ingress/index.js';
import type { ResourceStore } from '../../store/types.js';
import { type CounterChild, CounterFamily, type HistogramChild, HistogramFamily } from './families.js';
import {
  ArrivalTimeParser,
  EVENT_LATENCY_BUCKETS_MS,
  EVENT_SCHEME,
  responseCodeClass,
  UNIQUE_NAME,
} from './knative.js';

const LABELS = [
  'namespace_name',
  'broker_name',
  'event_type',
  'event_scheme',
  'response_code',
  'response_code_class',
  'container_name',
  'unique_name',
] as const;

const ACCEPTED = 202;

interface Accepted {
  count: CounterChild;
  latency: HistogramChild;
}

interface BrokerSeries {
  byType: Map<string, Accepted>;
  refused: Map<number, CounterChild>;
}

export interface IngressRecorder {
  onAppended(appended: AppendedEvents): void;
  onRejected(namespace: string, name: string, status: number): void;
}

/** Where a channel's refusals are counted (see channel-dispatcher.ts). */
export type CountChannelRefusal = (namespace: string, name: string, status: number) => void;

export function registerBrokerIngressMetrics(
  registry: Registry,
  store: ResourceStore,
  channelRefused: CountChannelRefusal,
  now: () => number = Date.now,
): IngressRecorder {
  const count = new CounterFamily(
    'mt_broker_ingress_event_count',
    'Number of events received by a Broker',
    LABELS,
    registry,
  );
  const latency = new HistogramFamily(
    'mt_broker_ingress_event_dispatch_latencies',
    'The time spent dispatching an event to a Channel (Ebb: to the durable event log), ms',
    LABELS,
    EVENT_LATENCY_BUCKETS_MS,
    registry,
  );
  const brokers = new Map<string, Map<string, BrokerSeries>>();
  const arrival = new ArrivalTimeParser();
  const labels = (namespace: string, name: string, type: string, status: number) => ({
    namespace_name: namespace,
    broker_name: name,
    event_type: type,
    event_scheme: EVENT_SCHEME,
    response_code: String(status),
    response_code_class: responseCodeClass(status),
    container_name: 'ingress',
    unique_name: UNIQUE_NAME,
  });
  const seriesOf = (namespace: string, name: string): BrokerSeries => {
    let byName = brokers.get(namespace);
    if (!byName) {
      byName = new Map();
      brokers.set(namespace, byName);
    }
    let s = byName.get(name);
    if (!s) {
      s = { byType: new Map(), refused: new Map() };
      byName.set(name, s);
    }
    return s;
  };
  return {
    onAppended({ kind, namespace, name, events }) {
      if (kind !== 'broker') return;
      const s = seriesOf(namespace, name);
      const at = arrival.parse(events[0]?.attributes.knativearrivaltime);
      const ms = Number.isNaN(at) ? Number.NaN : Math.max(0, now() - at);
      for (const event of events) {
        const type = event.attributes.type ?? '';
        let a = s.byType.get(type);
        if (!a) {
          const l = labels(namespace, name, type, ACCEPTED);
          a = { count: count.child(l), latency: latency.child(l) };
          s.byType.set(type, a);
        }
        a.count.value++;
        if (!Number.isNaN(ms)) a.latency.observe(ms);
      }
    },
    onRejected(namespace, name, status) {
      if (isChannel(store, namespace, name)) {
        channelRefused(namespace, name, status);
        return;
      }
      const s = seriesOf(namespace, name);
      let c = s.refused.get(status);
      if (!c) {
        c = count.child(labels(namespace, name, '', status));
        s.refused.set(status, c);
      }
      c.value++;
    },
  };
}

/** A refusal names a channel when no broker but a channel of that name exists (refusals are rare). */
function isChannel(store: ResourceStore, namespace: string, name: string): boolean {
  const ref = (resource: string) => store.get({ resource, namespace, name }) !== undefined;
  return !ref('brokers.eventing.knative.dev') && ref('inmemorychannels.messaging.knative.dev');
}
