/**
 * Channel deliveries under Knative's InMemoryChannel dispatcher names (`inmemorychannel-dispatcher`, with
 * its component prefix): per attempt to a subscriber `inmemorychannel_dispatcher_event_count` and
 * `inmemorychannel_dispatcher_event_dispatch_latencies` (500 and no latency without a response), and the
 * events the channel's ingress refused, counted with their status as Knative's channel receiver does.
 * Knative's labels name no channel; Ebb adds `channel_name` (one `ebb up` serves every channel).
 */
import type { Registry } from 'prom-client';
import type { AttemptRecord } from '../../eventing/dispatcher/index.js';
import { type CounterChild, CounterFamily, type HistogramChild, HistogramFamily } from './families.js';
import { EVENT_LATENCY_BUCKETS_MS, EVENT_SCHEME, responseCodeClass, UNIQUE_NAME } from './knative.js';

const NO_RESPONSE = 500;

const LABELS = [
  'namespace_name',
  'channel_name',
  'event_type',
  'event_scheme',
  'response_code',
  'response_code_class',
  'container_name',
  'unique_name',
] as const;

interface ByCode {
  count: CounterChild;
  dispatch: HistogramChild;
}

interface ChannelSeries {
  namespace: string;
  name: string;
  /** event type → response code → children */
  byType: Map<string, Map<number, ByCode>>;
}

export interface ChannelRecorder {
  /** One attempt of a subscriber dispatcher on stream `namespace/name/channel`. */
  onAttempt(a: AttemptRecord): void;
  onRefused(namespace: string, name: string, status: number): void;
}

export function registerChannelMetrics(registry: Registry): ChannelRecorder {
  const count = new CounterFamily(
    'inmemorychannel_dispatcher_event_count',
    'Number of events dispatched by the channel',
    LABELS,
    registry,
  );
  const dispatch = new HistogramFamily(
    'inmemorychannel_dispatcher_event_dispatch_latencies',
    'The time spent by the channel dispatching an event, ms',
    LABELS,
    EVENT_LATENCY_BUCKETS_MS,
    registry,
  );
  const streams = new Map<string, ChannelSeries>();
  const refused = new Map<string, CounterChild>();
  const labels = (namespace: string, name: string, type: string, code: number) => ({
    namespace_name: namespace,
    channel_name: name,
    event_type: type,
    event_scheme: EVENT_SCHEME,
    response_code: String(code),
    response_code_class: responseCodeClass(code),
    container_name: 'dispatcher',
    unique_name: UNIQUE_NAME,
  });
  const seriesOf = (stream: string): ChannelSeries => {
    const [namespace = '', name = ''] = stream.split('/');
    const s = { namespace, name, byType: new Map() };
    streams.set(stream, s);
    return s;
  };
  return {
    onAttempt(a) {
      const s = streams.get(a.stream) ?? seriesOf(a.stream);
      const type = a.attributes.type ?? '';
      let byCode = s.byType.get(type);
      if (!byCode) {
        byCode = new Map();
        s.byType.set(type, byCode);
      }
      const code = a.status ?? NO_RESPONSE;
      let c = byCode.get(code);
      if (!c) {
        const l = labels(s.namespace, s.name, type, code);
        c = { count: count.child(l), dispatch: dispatch.child(l) };
        byCode.set(code, c);
      }
      c.count.value++;
      if (a.status !== undefined) c.dispatch.observe(a.latencyMs);
    },
    onRefused(namespace, name, status) {
      const key = `${namespace}/${name}/${status}`;
      let c = refused.get(key);
      if (!c) {
        c = count.child(labels(namespace, name, '', status));
        refused.set(key, c);
      }
      c.value++;
    },
  };
}
