/**
 * The dashboard's server side: it mirrors the objects, records the event flow, samples the serving,
 * eventing and sources planes once a second and sends each tick to the open pages over server-sent events
 * (`state`: every view; `events`, `attempts`, `deadletters`: what is new since the last tick, bounded).
 * Every string that leaves goes through the Secret scrubber. Read-only: nothing here changes a plane.
 */
import type { AttemptRecord } from '../eventing/dispatcher/index.js';
import type { EventLog } from '../eventing/types.js';
import type { RevisionKey } from '../serving/types.js';
import type { RevisionUsage } from '../serving/usage/index.js';
import type { ResourceStore } from '../store/types.js';
import type { EventingSources } from './eventing-view.js';
import { EventingSampler, type EventingView } from './eventing-view.js';
import { ObjectMirror } from './objects.js';
import {
  type DeadLetter,
  EventRecorder,
  type RecentEvent,
  type RecorderHooks,
  traceIdOf,
} from './recorder.js';
import { SecretScrubber } from './scrub.js';
import { ServingSampler, type ServingSources } from './serving-view.js';
import { type RocketMQState, SourcesSampler } from './sources-view.js';
import { frame, SseHub } from './sse.js';
import { buildTopology } from './topology.js';

/** How often the planes are sampled and the pages updated, ms. */
export const DEFAULT_TICK_MS = 1_000;
/** New events and attempts sent per tick, at most (the rest are still in the rings for the explorer). */
export const MAX_EVENTS_PER_TICK = 200;
export const MAX_ATTEMPTS_PER_TICK = 500;
/** Bytes of an event's data shown in the explorer. */
const DATA_PREVIEW_BYTES = 2_048;

export interface DashboardPlanes {
  store: ResourceStore;
  serving: ServingSources;
  eventing: EventingSources & {
    log: EventingSources['log'] & Pick<EventLog, 'read'>;
    observe(observer: RecorderHooks): () => void;
  };
  rocketmq: RocketMQState;
  logs(key: RevisionKey, tail: number): string;
  /** Where a failed tick is reported (at most once a minute). */
  log?: { warn(msg: string, fields?: Record<string, unknown>): void };
  tickMs?: number;
}

/** A failing tick is logged at most this often, ms. */
const TICK_ERROR_LOG_MS = 60_000;

export interface EventSummary {
  stream: string;
  offset: number;
  at: number;
  to: string;
  id: string;
  type: string;
  source: string;
  subject?: string;
  traceId?: string;
}

/** One hop of a trace as the explorer lists it. */
export interface TraceHop {
  at: number;
  hop: 'accepted' | 'attempt';
  /** `broker/NS/NAME` or `channel/NS/NAME` for an acceptance; the dispatcher id for an attempt. */
  where: string;
  stream: string;
  offset: number;
  id: string;
  type: string;
  status?: number;
  outcome?: string;
  latencyMs?: number;
}

export function summarize(e: RecentEvent): EventSummary {
  const a = e.attributes;
  const traceId = traceIdOf(a.traceparent);
  return {
    stream: e.stream,
    offset: e.offset,
    at: e.at,
    to: `${e.kind}/${e.namespace}/${e.name}`,
    id: a.id ?? '',
    type: a.type ?? '',
    source: a.source ?? '',
    ...(a.subject ? { subject: a.subject } : {}),
    ...(traceId ? { traceId } : {}),
  };
}

export function attemptSummary(a: AttemptRecord) {
  return {
    trigger: a.trigger,
    stream: a.stream,
    offset: a.offset,
    id: a.attributes.id ?? '',
    type: a.attributes.type ?? '',
    attempt: a.attempt,
    url: a.url,
    ...(a.status !== undefined ? { status: a.status } : {}),
    latencyMs: Math.round(a.latencyMs * 100) / 100,
    startedAt: a.startedAt,
    outcome: a.outcome,
    ...(a.error ? { error: a.error } : {}),
    replies: a.replies,
  };
}

export class Dashboard {
  readonly mirror: ObjectMirror;
  readonly scrubber: SecretScrubber;
  readonly recorder = new EventRecorder();
  readonly hub = new SseHub();
  readonly #serving: ServingSampler;
  readonly #eventing: EventingSampler;
  readonly #sources: SourcesSampler;
  readonly #unobserve: () => void;
  readonly #timer: NodeJS.Timeout;
  #seen = { events: 0, attempts: 0, deadLetters: 0 };
  #last: { eventing: EventingView; at: number } | undefined;
  #ticking = false;
  #lastTickError = 0;

  constructor(private readonly planes: DashboardPlanes) {
    this.mirror = new ObjectMirror(planes.store);
    this.scrubber = new SecretScrubber(planes.store);
    this.#unobserve = planes.eventing.observe(this.recorder.observer());
    this.#serving = new ServingSampler(planes.serving, this.mirror);
    this.#eventing = new EventingSampler(planes.eventing, this.mirror, this.recorder);
    this.#sources = new SourcesSampler(planes.rocketmq, this.mirror);
    this.#timer = setInterval(() => {
      this.tick().catch((err: unknown) => {
        if (Date.now() - this.#lastTickError < TICK_ERROR_LOG_MS) return;
        this.#lastTickError = Date.now();
        planes.log?.warn('dashboard tick failed', { err });
      });
    }, planes.tickMs ?? DEFAULT_TICK_MS);
    this.#timer.unref();
  }

  /** JSON of `value` with Secret values replaced. */
  json(value: unknown): string {
    return this.scrubber.json(value);
  }

  /** One sample of every plane; with pages open, the views and what is new go out to them. */
  async tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      this.#serving.sample();
      const eventing = await this.#eventing.view();
      this.#last = { eventing, at: Date.now() };
      if (this.hub.size === 0) {
        this.#markSeen();
        return;
      }
      const r = this.recorder;
      const events = r.events.since(this.#seen.events).slice(-MAX_EVENTS_PER_TICK).map(summarize);
      const attempts = r.attempts
        .since(this.#seen.attempts)
        .slice(-MAX_ATTEMPTS_PER_TICK)
        .map(attemptSummary);
      const deadLetters = r.deadLetters.since(this.#seen.deadLetters);
      this.#markSeen();
      this.hub.broadcast(frame('state', this.json(this.state(eventing))));
      if (events.length) this.hub.broadcast(frame('events', this.json(events)));
      if (attempts.length) this.hub.broadcast(frame('attempts', this.json(attempts)));
      if (deadLetters.length) this.hub.broadcast(frame('deadletters', this.json(deadLetters)));
    } finally {
      this.#ticking = false;
    }
  }

  /** Every view as of now (the `state` event). */
  state(eventing: EventingView) {
    const sources = this.#sources.view();
    return {
      at: Date.now(),
      topology: buildTopology(this.mirror, eventing, sources),
      services: this.#serving.services(),
      revisions: this.#serving.revisions(),
      eventing,
      sources,
      usage: this.usage(),
    };
  }

  usage(): RevisionUsage[] {
    return this.planes.serving.usage.usage();
  }

  /** What a page loads first: the views, the revisions' histories and the recent events and attempts. */
  async snapshot() {
    const eventing = this.#last?.eventing ?? (await this.#eventing.view());
    const state = this.state(eventing);
    return {
      ...state,
      history: Object.fromEntries(state.revisions.map((r) => [r.key, this.#serving.history(r.key)])),
      events: this.recorder.events.toArray().map(summarize),
      attempts: this.recorder.attempts.toArray().slice(-2_000).map(attemptSummary),
      deadLetters: this.recorder.deadLetters.toArray() as DeadLetter[],
    };
  }

  /** One event: its attributes and the start of its data (from the log, while kept), and its attempts. */
  async event(stream: string, offset: number) {
    const recent = this.recorder.events.toArray().find((e) => e.stream === stream && e.offset === offset);
    const stored = (await this.planes.eventing.log.read(stream, offset - 1, 1).catch(() => []))[0];
    const found = stored && stored.offset === offset ? stored : undefined;
    const attributes = found?.event.attributes ?? recent?.attributes;
    if (!attributes) return undefined;
    const data = found?.event.data;
    const attempts = this.recorder.attemptsOf(stream, offset).map(attemptSummary);
    const traceId = traceIdOf(attributes.traceparent);
    return {
      stream,
      offset,
      attributes,
      ...(data
        ? {
            dataBytes: data.length,
            data: data.subarray(0, DATA_PREVIEW_BYTES).toString('utf8'),
          }
        : {}),
      ...(found ? { appendedAt: found.appendedAt } : {}),
      triggers: [...new Set(attempts.map((a) => a.trigger))],
      attempts,
      traceId: traceId ?? null,
      trace: traceId ? this.trace(traceId) : [],
    };
  }

  /** The hops the dashboard saw of one trace, in time order: each acceptance and each attempt. */
  trace(traceId: string): TraceHop[] {
    const { events, attempts } = this.recorder.traceHops(traceId);
    const hops: TraceHop[] = [
      ...events.map((e) => ({
        at: e.at,
        hop: 'accepted' as const,
        where: `${e.kind}/${e.namespace}/${e.name}`,
        stream: e.stream,
        offset: e.offset,
        id: e.attributes.id ?? '',
        type: e.attributes.type ?? '',
      })),
      ...attempts.map((a) => ({
        at: a.startedAt,
        hop: 'attempt' as const,
        where: a.trigger,
        stream: a.stream,
        offset: a.offset,
        id: a.attributes.id ?? '',
        type: a.attributes.type ?? '',
        ...(a.status !== undefined ? { status: a.status } : {}),
        outcome: a.outcome,
        latencyMs: Math.round(a.latencyMs * 100) / 100,
      })),
    ];
    // An attempt can start in the same moment its event's acceptance is recorded, or a moment before (the
    // dispatcher hears of the append first): it sorts after that acceptance, whatever the clock says.
    const acceptedAt = new Map(events.map((e) => [`${e.stream}#${e.offset}`, e.at]));
    const when = (h: TraceHop) =>
      h.hop === 'accepted' ? h.at : Math.max(h.at, acceptedAt.get(`${h.stream}#${h.offset}`) ?? h.at);
    return hops.sort((x, y) => when(x) - when(y) || (x.hop === y.hop ? 0 : x.hop === 'accepted' ? -1 : 1));
  }

  logs(key: RevisionKey, tail: number): string[] {
    const text = this.planes.logs(key, tail);
    return text === '' ? [] : text.replace(/\n$/, '').split('\n');
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#unobserve();
    this.#serving.close();
    this.hub.close();
    this.mirror.close();
    this.scrubber.close();
  }

  #markSeen(): void {
    const r = this.recorder;
    this.#seen = { events: r.events.pushed, attempts: r.attempts.pushed, deadLetters: r.deadLetters.pushed };
  }
}
