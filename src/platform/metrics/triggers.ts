/**
 * Trigger deliveries under Knative's broker-filter names (mt-broker-filter, with its component prefix):
 * per attempt `mt_broker_filter_event_count` with the subscriber's response code (500 when there was no
 * response, as Knative's filter records a failed send), `mt_broker_filter_event_dispatch_latencies`
 * (request → response; not recorded without a response, as in Knative) and
 * `mt_broker_filter_event_processing_latencies` (the event's `knativearrivaltime` → the attempt: Knative's
 * filter measures the same from the same stamp). Labels as Knative's: `filter_type` is the trigger's
 * `spec.filter.attributes.type` or `any`, `filter_request_type` is `filter` (a subscriber delivery).
 * A trigger's labels are read from the store once and forgotten when the Trigger changes.
 */
import type { Registry } from 'prom-client';
import type { AttemptRecord } from '../../eventing/dispatcher/index.js';
import type { ResourceStore } from '../../store/types.js';
import { type CounterChild, CounterFamily, type HistogramChild, HistogramFamily } from './families.js';
import {
  ArrivalTimeParser,
  EVENT_LATENCY_BUCKETS_MS,
  EVENT_SCHEME,
  responseCodeClass,
  UNIQUE_NAME,
} from './knative.js';

const TRIGGERS = 'triggers.eventing.knative.dev';
/** Knative's filter reports a send without a response as 500. */
const NO_RESPONSE = 500;

const BASE = [
  'namespace_name',
  'broker_name',
  'trigger_name',
  'filter_type',
  'filter_request_type',
  'event_scheme',
  'container_name',
  'unique_name',
] as const;
const WITH_CODE = [...BASE, 'response_code', 'response_code_class'] as const;

type Base = Record<(typeof BASE)[number], string>;

interface ByCode {
  count: CounterChild;
  dispatch: HistogramChild;
}

interface TriggerSeries {
  base: Base;
  byCode: Map<number, ByCode>;
  processing: HistogramChild;
  arrival: ArrivalTimeParser;
}

export interface TriggerRecorder {
  /** One attempt of dispatcher `namespace/name` on stream `namespace/broker`. */
  onAttempt(a: AttemptRecord): void;
  stop(): void;
}

export function registerTriggerMetrics(registry: Registry, store: ResourceStore): TriggerRecorder {
  const count = new CounterFamily(
    'mt_broker_filter_event_count',
    'Number of events received by a Trigger',
    WITH_CODE,
    registry,
  );
  const dispatch = new HistogramFamily(
    'mt_broker_filter_event_dispatch_latencies',
    'The time spent dispatching an event to a Trigger subscriber, ms',
    WITH_CODE,
    EVENT_LATENCY_BUCKETS_MS,
    registry,
  );
  const processing = new HistogramFamily(
    'mt_broker_filter_event_processing_latencies',
    'The time spent processing an event before it is dispatched to a Trigger subscriber, ms',
    BASE,
    EVENT_LATENCY_BUCKETS_MS,
    registry,
  );
  const triggers = new Map<string, TriggerSeries>();
  const watcher = store.watch(TRIGGERS, {}, (e) => {
    triggers.delete(`${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`);
  });

  const seriesOf = (a: AttemptRecord): TriggerSeries => {
    const slash = a.trigger.indexOf('/');
    const namespace = a.trigger.slice(0, slash);
    const name = a.trigger.slice(slash + 1);
    const trigger = store.get({ resource: TRIGGERS, namespace, name });
    const base: Base = {
      namespace_name: namespace,
      broker_name: a.stream.slice(a.stream.indexOf('/') + 1),
      trigger_name: name,
      filter_type: filterType(trigger?.spec),
      filter_request_type: 'filter',
      event_scheme: EVENT_SCHEME,
      container_name: 'filter',
      unique_name: UNIQUE_NAME,
    };
    const s = {
      base,
      byCode: new Map(),
      processing: processing.child(base),
      arrival: new ArrivalTimeParser(),
    };
    triggers.set(a.trigger, s);
    return s;
  };

  return {
    onAttempt(a) {
      const s = triggers.get(a.trigger) ?? seriesOf(a);
      const code = a.status ?? NO_RESPONSE;
      let c = s.byCode.get(code);
      if (!c) {
        const l = { ...s.base, response_code: String(code), response_code_class: responseCodeClass(code) };
        c = { count: count.child(l), dispatch: dispatch.child(l) };
        s.byCode.set(code, c);
      }
      c.count.value++;
      if (a.status !== undefined) c.dispatch.observe(a.latencyMs);
      const arrived = s.arrival.parse(a.attributes.knativearrivaltime);
      if (!Number.isNaN(arrived)) s.processing.observe(Math.max(0, a.startedAt - arrived));
    },
    stop: () => watcher.close(),
  };
}

/** Knative's `filter_type`: the `type` attribute filter, or `any`. */
function filterType(spec: unknown): string {
  const type = (spec as { filter?: { attributes?: Record<string, unknown> } } | undefined)?.filter?.attributes
    ?.type;
  return typeof type === 'string' && type !== '' ? type : 'any';
}
