/**
 * What the dashboard remembers of the event flow, fed by the eventing plane's observer hooks: the recent
 * events (attributes only; the data is read back from the log when one is opened), every recent delivery
 * attempt, dead letters, events accepted per stream and delivery latencies per trigger. Everything is in
 * bounded rings, and the hooks only push references: they run in the data plane's path.
 */
import type { AttemptRecord } from '../eventing/dispatcher/index.js';
import type { AppendedEvents } from '../eventing/ingress/index.js';
import { Ring, ringFor } from './ring.js';
import { percentile } from './stats.js';

/** Recent events kept for the explorer. */
export const DEFAULT_MAX_EVENTS = 1_000;
/** Recent attempts kept (an event's attempts are found among them). */
export const DEFAULT_MAX_ATTEMPTS = 10_000;
/** Dead letters kept. */
export const DEFAULT_MAX_DEAD_LETTERS = 200;
/** Latencies kept per trigger for its p99. */
const LATENCIES_PER_TRIGGER = 512;
/** Latencies older than this do not count toward the p99, ms. */
const LATENCY_WINDOW_MS = 60_000;

export interface RecentEvent {
  /** `kind` is where the event was accepted: a broker or a channel. */
  kind: 'broker' | 'channel';
  namespace: string;
  name: string;
  stream: string;
  offset: number;
  at: number;
  attributes: Readonly<Record<string, string>>;
}

export interface DeadLetter {
  at: number;
  trigger: string;
  stream: string;
  offset: number;
  attributes: Readonly<Record<string, string>>;
  /** `knativeerrordest`, `knativeerrorcode`, `knativeerrordata` as the dead letter carries them. */
  extensions: Record<string, string>;
  error?: string;
  traceId?: string;
}

export interface RecorderHooks {
  onAppended(appended: AppendedEvents): void;
  onAttempt(attempt: AttemptRecord): void;
}

export interface RecorderOptions {
  maxEvents?: number;
  maxAttempts?: number;
  maxDeadLetters?: number;
  now?: () => number;
}

/** The trace id of a W3C `traceparent` (`00-<trace id>-<span id>-<flags>`). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const m = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/i.exec(traceparent?.trim() ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}

const ERROR_EXTENSIONS = ['knativeerrordest', 'knativeerrorcode', 'knativeerrordata'] as const;

export class EventRecorder {
  readonly events: Ring<RecentEvent>;
  readonly attempts: Ring<AttemptRecord>;
  readonly deadLetters: Ring<DeadLetter>;
  /** Events accepted per stream since the dashboard started. */
  readonly accepted = new Map<string, number>();
  readonly #latencies = new Map<string, Ring<{ at: number; ms: number }>>();
  readonly #now: () => number;

  constructor(opts: RecorderOptions = {}) {
    this.events = new Ring(opts.maxEvents ?? DEFAULT_MAX_EVENTS);
    this.attempts = new Ring(opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.deadLetters = new Ring(opts.maxDeadLetters ?? DEFAULT_MAX_DEAD_LETTERS);
    this.#now = opts.now ?? Date.now;
  }

  /** The hooks to register with the eventing plane's `observe`. */
  observer(): Pick<RecorderHooks, 'onAppended' | 'onAttempt'> {
    return {
      onAppended: (a) => this.appended(a),
      onAttempt: (a) => this.attempted(a),
    };
  }

  appended(a: AppendedEvents): void {
    const at = this.#now();
    this.accepted.set(a.stream, (this.accepted.get(a.stream) ?? 0) + a.events.length);
    for (let i = 0; i < a.events.length; i++) {
      const attributes = a.events[i]!.attributes;
      const offset = a.offsets[i] ?? 0;
      this.events.push({
        kind: a.kind,
        namespace: a.namespace,
        name: a.name,
        stream: a.stream,
        offset,
        at,
        attributes,
      });
      // A dead letter that arrives at a broker or channel carries Knative's error extensions itself.
      if (attributes.knativeerrordest !== undefined) {
        this.deadLetters.push({
          at,
          trigger: '',
          stream: a.stream,
          offset,
          attributes,
          extensions: errorExtensions(attributes),
          ...traceOf(attributes),
        });
      }
    }
  }

  attempted(a: AttemptRecord): void {
    this.attempts.push(a);
    const ring = ringFor(this.#latencies, a.trigger, LATENCIES_PER_TRIGGER);
    ring.push({ at: a.startedAt, ms: a.latencyMs });
    if (a.outcome === 'dead-lettered' || a.outcome === 'dropped') {
      const extensions: Record<string, string> = { knativeerrordest: a.url };
      if (a.status !== undefined) extensions.knativeerrorcode = String(a.status);
      this.deadLetters.push({
        at: a.startedAt + a.latencyMs,
        trigger: a.trigger,
        stream: a.stream,
        offset: a.offset,
        attributes: a.attributes,
        extensions,
        ...(a.error ? { error: a.outcome === 'dropped' ? `dropped: ${a.error}` : a.error } : {}),
        ...traceOf(a.attributes),
      });
    }
  }

  /** The p50 and p99 of the trigger's attempt latencies over the last minute, ms. */
  latency(trigger: string): { p50?: number; p99?: number } {
    const cutoff = this.#now() - LATENCY_WINDOW_MS;
    const values = (this.#latencies.get(trigger)?.toArray() ?? [])
      .filter((l) => l.at >= cutoff)
      .map((l) => l.ms);
    const p50 = percentile(values, 50);
    const p99 = percentile(values, 99);
    return { ...(p50 !== undefined ? { p50 } : {}), ...(p99 !== undefined ? { p99 } : {}) };
  }

  /** The attempts still held for the event at `offset` of `stream`, oldest first. */
  attemptsOf(stream: string, offset: number): AttemptRecord[] {
    return this.attempts.toArray().filter((a) => a.stream === stream && a.offset === offset);
  }

  /**
   * The hops of one trace still held: the events accepted with that trace id (the first, and each reply or
   * dead letter carried on in the same trace) and the attempts made with them, each oldest first.
   */
  traceHops(traceId: string): { events: RecentEvent[]; attempts: AttemptRecord[] } {
    const inTrace = (a: Readonly<Record<string, string>>) =>
      a.traceparent !== undefined && traceIdOf(a.traceparent) === traceId;
    return {
      events: this.events.toArray().filter((e) => inTrace(e.attributes)),
      attempts: this.attempts.toArray().filter((a) => inTrace(a.attributes)),
    };
  }

  /** Forgets the latencies of triggers not in `keep`. */
  retainTriggers(keep: ReadonlySet<string>): void {
    for (const id of this.#latencies.keys()) if (!keep.has(id)) this.#latencies.delete(id);
  }
}

function errorExtensions(attributes: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ERROR_EXTENSIONS) if (attributes[name] !== undefined) out[name] = attributes[name]!;
  return out;
}

function traceOf(attributes: Readonly<Record<string, string>>): { traceId?: string } {
  const traceId = traceIdOf(attributes.traceparent);
  return traceId ? { traceId } : {};
}
