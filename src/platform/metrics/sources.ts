/**
 * PingSources and ApiServerSources under Knative's adapter names: `<component>_event_count` (one per
 * event, with how it ended) and `<component>_retry_event_count`, labelled as knative/eventing's
 * `pkg/metrics/source` does (RocketMQ sources: rocketmq-source.ts).
 *   PingSource       → pingsource_mt_adapter_* (and pingsource_*, which Knative's source dashboard
 *                      queries: the single-tenant adapter's name)
 *   ApiServerSource  → apiserversource_*
 * Their adapters count outcomes per source rather than per response, so these are derived at scrape time
 * from those counts (nothing is added to the data path): a delivered event is `response_code_class="2xx"`
 * without a `response_code`, an undelivered one carries `response_error` instead (Knative's labels when a
 * send ends without a response code), and `event_type`/`event_source` are filled where a source emits one
 * kind of event.
 */
import type { Registry } from 'prom-client';
import { EVENT_SCHEME } from './knative.js';

interface Value {
  labels: Record<string, string>;
  value: number;
}

/** One source's outcome counts, as its plane reports them. */
interface Outcome {
  namespace: string;
  name: string;
  delivered: number;
  undelivered: number;
  retried: number;
}

type Read = () => Promise<Outcome[]>;

interface SourceKind {
  components: string[];
  resourceGroup: string;
  /** Knative's event type and source for a source that emits one kind. */
  event?: (namespace: string, name: string) => { type: string; source: string };
  read: Read;
}

export function registerSourceMetrics(registry: Registry): void {
  const kinds: SourceKind[] = [
    {
      components: ['pingsource_mt_adapter', 'pingsource'],
      resourceGroup: 'pingsources.sources.knative.dev',
      event: (namespace, name) => ({
        type: 'dev.knative.sources.ping',
        source: `/apis/v1/namespaces/${namespace}/pingsources/${name}`,
      }),
      read: fromCounters(registry, {
        delivered: 'ping_source_events_sent_total',
        undelivered: 'ping_source_events_failed_total',
      }),
    },
    {
      components: ['apiserversource'],
      resourceGroup: 'apiserversources.sources.knative.dev',
      read: fromCounters(registry, {
        delivered: 'apiserver_source_events_sent_total',
        undelivered: 'apiserver_source_events_dropped_total',
        retried: 'apiserver_source_delivery_failures_total',
      }),
    },
  ];
  for (const kind of kinds) {
    for (const component of kind.components) {
      scrapeCounter(registry, `${component}_event_count`, 'Number of events sent', async () =>
        (await kind.read()).flatMap((o) => [
          { labels: labels(kind, o, true), value: o.delivered },
          ...(o.undelivered > 0 ? [{ labels: labels(kind, o, false), value: o.undelivered }] : []),
        ]),
      );
      scrapeCounter(registry, `${component}_retry_event_count`, 'Number of retry events sent', async () =>
        (await kind.read())
          .filter((o) => o.retried > 0)
          .map((o) => ({ labels: labels(kind, o, false), value: o.retried })),
      );
    }
  }
}

function labels(kind: SourceKind, o: Outcome, delivered: boolean): Record<string, string> {
  const event = kind.event?.(o.namespace, o.name);
  return {
    namespace_name: o.namespace,
    name: o.name,
    resource_group: kind.resourceGroup,
    event_type: event?.type ?? '',
    event_source: event?.source ?? '',
    event_scheme: EVENT_SCHEME,
    ...(delivered ? { response_code_class: '2xx' } : { response_error: 'undelivered' }),
  };
}

/** Reads per-source counts (labels `namespace`, `name`) from counters already in the registry. */
function fromCounters(
  registry: Registry,
  names: { delivered: string; undelivered: string; retried?: string },
): Read {
  const read = async (name: string | undefined) => {
    const metric = name ? registry.getSingleMetric(name) : undefined;
    const out = new Map<string, number>();
    if (!metric) return out;
    for (const v of (await metric.get()).values) {
      const key = `${v.labels.namespace ?? ''}/${v.labels.name ?? ''}`;
      out.set(key, (out.get(key) ?? 0) + v.value);
    }
    return out;
  };
  return async () => {
    const [delivered, undelivered, retried] = await Promise.all([
      read(names.delivered),
      read(names.undelivered),
      read(names.retried),
    ]);
    const ids = new Set([...delivered.keys(), ...undelivered.keys(), ...retried.keys()]);
    return [...ids].map((id) => {
      const [namespace = '', name = ''] = id.split('/');
      return {
        namespace,
        name,
        delivered: delivered.get(id) ?? 0,
        undelivered: undelivered.get(id) ?? 0,
        retried: retried.get(id) ?? 0,
      };
    });
  };
}

/** A counter whose values are computed when the registry is scraped. */
function scrapeCounter(registry: Registry, name: string, help: string, values: () => Promise<Value[]>) {
  registry.registerMetric({
    name,
    help,
    type: 'counter',
    aggregator: 'sum',
    get: async () => ({ name, help, type: 'counter', aggregator: 'sum', values: await values() }),
    reset: () => {},
  } as never);
}
