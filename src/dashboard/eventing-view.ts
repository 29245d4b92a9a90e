/**
 * The Eventing view: per Broker and channel the events accepted per second and the log's head; per Trigger
 * and channel Subscription what its dispatcher counted (delivered, retried, dead-lettered, dropped,
 * filtered), its lag (the stream's head minus the dispatcher's committed offset), delivery rate and p50/p99
 * attempt latency. Built each tick from the mirror, the log's heads, the dispatchers and the recorder.
 */
import type { KObject } from '../api/object.js';
import type { TriggerStatus } from '../eventing/dispatcher/index.js';
import type { ObjectMirror, ReadyState } from './objects.js';
import { readyOf } from './objects.js';
import type { EventRecorder } from './recorder.js';
import { Rates, round2 } from './stats.js';

export interface EventingSources {
  log: { head(stream: string): Promise<number> };
  dispatchers: { status(id: string): TriggerStatus | undefined };
}

export interface StreamView {
  kind: 'Broker' | 'InMemoryChannel';
  namespace: string;
  name: string;
  stream: string;
  ready: ReadyState;
  url?: string;
  head: number;
  accepted: number;
  acceptedPerSec: number;
}

export interface DeliveryView {
  kind: 'Trigger' | 'Subscription';
  namespace: string;
  name: string;
  /** The broker or channel it reads. */
  from: string;
  stream: string;
  dispatcher: string;
  subscriber?: string;
  ready: ReadyState;
  delivered: number;
  retried: number;
  deadLettered: number;
  dropped: number;
  filtered: number;
  inFlight: number;
  retrying: number;
  deliveredPerSec: number;
  lag: number;
  p50?: number;
  p99?: number;
}

export interface EventingView {
  streams: StreamView[];
  deliveries: DeliveryView[];
}

const brokerStream = (ns: string, name: string) => `${ns}/${name}`;
const channelStream = (ns: string, name: string) => `${ns}/${name}/channel`;

export class EventingSampler {
  readonly #rates = new Rates();

  constructor(
    private readonly src: EventingSources,
    private readonly mirror: ObjectMirror,
    private readonly recorder: EventRecorder,
    private readonly now: () => number = Date.now,
  ) {}

  async view(): Promise<EventingView> {
    const t = this.now();
    const keys = new Set<string>();
    const streams: StreamView[] = [];
    const heads = new Map<string, number>();
    const addStream = async (kind: StreamView['kind'], o: KObject, stream: string) => {
      const head = await this.src.log.head(stream).catch(() => 0);
      heads.set(stream, head);
      const accepted = this.recorder.accepted.get(stream) ?? 0;
      keys.add(`s:${stream}`);
      const url = (o.status as any)?.address?.url;
      streams.push({
        kind,
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name,
        stream,
        ready: readyOf(o),
        ...(typeof url === 'string' ? { url } : {}),
        head,
        accepted,
        acceptedPerSec: round2(this.#rates.rate(`s:${stream}`, accepted, t)),
      });
    };
    for (const b of this.mirror.list('brokers'))
      await addStream('Broker', b, brokerStream(b.metadata.namespace ?? '', b.metadata.name));
    for (const c of this.mirror.list('inmemorychannels'))
      await addStream('InMemoryChannel', c, channelStream(c.metadata.namespace ?? '', c.metadata.name));

    const deliveries: DeliveryView[] = [];
    const add = (
      kind: DeliveryView['kind'],
      o: KObject,
      from: string,
      stream: string,
      dispatcher: string,
    ) => {
      const st = this.src.dispatchers.status(dispatcher);
      const subscriber =
        (o.status as any)?.subscriberUri ?? (o.status as any)?.physicalSubscription?.subscriberUri;
      keys.add(`d:${dispatcher}`);
      const head = heads.get(stream) ?? 0;
      deliveries.push({
        kind,
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name,
        from,
        stream,
        dispatcher,
        ...(typeof subscriber === 'string' ? { subscriber } : {}),
        ready: readyOf(o),
        delivered: st?.delivered ?? 0,
        retried: st?.retried ?? 0,
        deadLettered: st?.deadLettered ?? 0,
        dropped: st?.dropped ?? 0,
        filtered: st?.filtered ?? 0,
        inFlight: st?.inFlight ?? 0,
        retrying: st?.retrying ?? 0,
        deliveredPerSec: round2(this.#rates.rate(`d:${dispatcher}`, st?.delivered ?? 0, t)),
        lag: st ? Math.max(0, head - st.committed) : 0,
        ...roundAll(this.recorder.latency(dispatcher)),
      });
    };
    for (const tr of this.mirror.list('triggers')) {
      const ns = tr.metadata.namespace ?? '';
      const broker = String(tr.spec?.broker ?? 'default');
      add('Trigger', tr, `broker/${broker}`, brokerStream(ns, broker), `${ns}/${tr.metadata.name}`);
    }
    for (const sub of this.mirror.list('subscriptions')) {
      const ns = sub.metadata.namespace ?? '';
      const channel = String(sub.spec?.channel?.name ?? '');
      const kind = String(sub.spec?.channel?.kind ?? 'Channel').toLowerCase();
      const stream = channelStream(ns, channel);
      add('Subscription', sub, `${kind}/${channel}`, stream, `${stream}/${sub.metadata.uid ?? ''}`);
    }
    this.#rates.retain(keys);
    this.recorder.retainTriggers(new Set(deliveries.map((d) => d.dispatcher)));
    return { streams, deliveries };
  }
}

function roundAll(l: { p50?: number; p99?: number }): { p50?: number; p99?: number } {
  return {
    ...(l.p50 !== undefined ? { p50: round2(l.p50) } : {}),
    ...(l.p99 !== undefined ? { p99: round2(l.p99) } : {}),
  };
}
