/**
 * The Sources view: every source object with its Ready state and sink; RocketMQSources also with their
 * adapter's counts (received, delivered, failed attempts, redelivered, dead-lettered, acknowledgement and
 * receive failures, undecodable) and consumer state (running, or why not).
 */
import type { KObject } from '../api/object.js';
import type { SourceStats } from '../sources/rocketmq/stats.js';
import type { ObjectMirror, ReadyState, WatchedName } from './objects.js';
import { readyOf } from './objects.js';
import { Rates, round2 } from './stats.js';

export interface RocketMQState {
  stats(): Map<string, SourceStats>;
  health(id: string): { ok: true } | { ok: false; reason: string; message: string };
}

export interface SourceView {
  kind: string;
  namespace: string;
  name: string;
  ready: ReadyState;
  sink?: string;
  detail?: string;
  stats?: SourceStats;
  receivedPerSec?: number;
  consumer?: string;
}

const SOURCE_KINDS: WatchedName[] = [
  'rocketmqsources',
  'pingsources',
  'apiserversources',
  'containersources',
  'sinkbindings',
];

export function sinkOf(o: KObject): string | undefined {
  const uri = (o.status as any)?.sinkUri;
  if (typeof uri === 'string') return uri;
  const ref = o.spec?.sink?.ref;
  if (ref?.name) return `${String(ref.kind ?? '').toLowerCase()}/${ref.name}`;
  return typeof o.spec?.sink?.uri === 'string' ? o.spec.sink.uri : undefined;
}

export class SourcesSampler {
  readonly #rates = new Rates();

  constructor(
    private readonly rocketmq: RocketMQState,
    private readonly mirror: ObjectMirror,
    private readonly now: () => number = Date.now,
  ) {}

  view(): SourceView[] {
    const t = this.now();
    const stats = this.rocketmq.stats();
    const out: SourceView[] = [];
    for (const name of SOURCE_KINDS) {
      for (const o of this.mirror.list(name)) {
        const ns = o.metadata.namespace ?? '';
        const sink = sinkOf(o);
        const view: SourceView = { kind: o.kind, namespace: ns, name: o.metadata.name, ready: readyOf(o) };
        if (sink) view.sink = sink;
        if (name === 'rocketmqsources') {
          const id = `${ns}/${o.metadata.name}`;
          const group = o.spec?.consumerGroup ?? o.spec?.groupName;
          view.detail = `topic ${o.spec?.topic ?? '?'}, group ${group ?? '?'}`;
          const s = stats.get(id);
          if (s) {
            view.stats = { ...s };
            view.receivedPerSec = round2(this.#rates.rate(id, s.received, t));
          }
          const h = this.rocketmq.health(id);
          view.consumer = h.ok ? 'running' : `${h.reason}: ${h.message}`;
        } else if (name === 'pingsources') {
          view.detail = `schedule ${o.spec?.schedule ?? '?'}`;
        }
        out.push(view);
      }
    }
    return out;
  }
}
