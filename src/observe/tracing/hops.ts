/**
 * The hops of Ebb's data planes as traces see them, and the one slot through which a recording tracer is
 * installed (`setHopTracer`, from `ebb up`'s wiring when OTLP export is configured). The data planes call
 * the helpers here on every event; with no tracer installed they only propagate — pass the incoming
 * context on, or start a trace for an event that has none — and allocate nothing else.
 *
 * The log keeps each event's context in its `traceparent`/`tracestate` extension (the CloudEvents
 * distributed-tracing extension): the log has no message headers, and Knative's own stores do the same
 * (its JobSink writes the current span into the event before it stores it).
 */
import type { EventRecord } from '../../eventing/types.js';
import { isValidTraceparent, TRACEPARENT, TRACESTATE, type TraceParent } from './trace-context.js';

/** A started span: its context for the next hop, and how it ends. */
export interface HopSpan {
  /** This span's own context, what the next hop is told. */
  readonly context: TraceParent;
  end(result: HopResult): void;
}

export interface HopResult {
  /** The HTTP status answered (ingress) or received (delivery); undefined when there was none. */
  status?: number | undefined;
  /** What failed, when something did. */
  error?: string | undefined;
  /** Delivery: the attempt's outcome (`delivered`, `retry`, `dead-lettered`, `dropped`). */
  outcome?: string | undefined;
}

/** An event accepted by a broker or channel ingress. */
export interface IngressHop {
  kind: 'broker' | 'channel';
  namespace: string;
  name: string;
}

/** One attempt to deliver an event to a trigger's or channel subscriber's URL. */
export interface DeliveryHop {
  /** The dispatcher id: `ns/trigger` or `ns/channel/channel/uid`. */
  id: string;
  stream: string;
  url: string;
  attempt: number;
}

/** A message a source turned into an event and sends to its sink. */
export interface SourceHop {
  /** The source's resource kind, lower case (`rocketmqsource`). */
  kind: string;
  namespace: string;
  name: string;
  url: string;
}

/** What records spans; `parent` is undefined for a hop that starts a trace. */
export interface HopTracer {
  ingress(hop: IngressHop, parent: TraceParent | undefined, event: EventRecord): HopSpan;
  delivery(hop: DeliveryHop, parent: TraceParent | undefined, event: EventRecord): HopSpan;
  source(hop: SourceHop, parent: TraceParent | undefined, event: EventRecord): HopSpan;
}

let installed: HopTracer | undefined;

/** Installs (or, with undefined, removes) the recording tracer; returns the one it replaced. */
export function setHopTracer(tracer: HopTracer | undefined): HopTracer | undefined {
  const previous = installed;
  installed = tracer;
  return previous;
}

export function hopTracer(): HopTracer | undefined {
  return installed;
}

/** The event's own context (its distributed-tracing extension), when valid. */
export function eventContext(event: EventRecord): TraceParent | undefined {
  const tp = event.attributes[TRACEPARENT];
  if (!isValidTraceparent(tp)) return undefined;
  const ts = event.attributes[TRACESTATE];
  return ts === undefined ? { traceparent: tp } : { traceparent: tp, tracestate: ts };
}

/** Writes `ctx` into the event's extension, replacing what was there. */
export function setEventContext(event: EventRecord, ctx: TraceParent): void {
  const attrs = event.attributes;
  if (attrs[TRACEPARENT] !== ctx.traceparent) attrs[TRACEPARENT] = ctx.traceparent;
  if (ctx.tracestate) attrs[TRACESTATE] = ctx.tracestate;
  else if (attrs[TRACESTATE] !== undefined) delete attrs[TRACESTATE];
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Events arriving at an ingress in one request: each one's parent is the request's `traceparent` header,
 * else the event's extension, else none. With a tracer, the ingress span's context is stored with the
 * event (written into its extension); the spans to end once the events are durable are returned. With no
 * tracer a header's context is stored (the event's own extension already is), and an event with no context
 * stays as it came: nothing records, so no trace is started (as with OpenTelemetry's API and no SDK).
 */
export function traceIngress(
  kind: IngressHop['kind'],
  namespace: string,
  name: string,
  traceparentHeader: string | string[] | undefined,
  tracestateHeader: string | string[] | undefined,
  events: EventRecord[],
): HopSpan[] | undefined {
  const tracer = installed;
  if (!tracer && traceparentHeader === undefined) return undefined;
  const header = headerValue(traceparentHeader);
  let fromHeader: TraceParent | undefined;
  if (isValidTraceparent(header)) {
    const ts = headerValue(tracestateHeader);
    fromHeader = ts ? { traceparent: header, tracestate: ts } : { traceparent: header };
  }
  if (!tracer) {
    if (fromHeader) for (const event of events) setEventContext(event, fromHeader);
    return undefined;
  }
  const hop: IngressHop = { kind, namespace, name };
  const spans: HopSpan[] = [];
  for (const event of events) {
    const span = tracer.ingress(hop, fromHeader ?? eventContext(event), event);
    setEventContext(event, span.context);
    spans.push(span);
  }
  return spans;
}

/** Ends every span of a request's events alike. */
export function endAll(spans: HopSpan[] | undefined, result: HopResult): void {
  if (spans) for (const span of spans) span.end(result);
}

/**
 * One delivery attempt of a stored event: with a tracer, a span that is a child of the ingress span stored
 * with the event (the `traceparent` header sent is then the span's); undefined without one, when the
 * stored context itself is sent (`storedTraceparent`).
 */
export function traceDelivery(
  id: string,
  stream: string,
  url: string,
  attempt: number,
  event: EventRecord,
): HopSpan | undefined {
  const tracer = installed;
  if (!tracer) return undefined;
  return tracer.delivery({ id, stream, url, attempt }, eventContext(event), event);
}

/** The event's stored `traceparent`, when valid (what a delivery sends when nothing records). */
export function storedTraceparent(event: EventRecord): string | undefined {
  const tp = event.attributes[TRACEPARENT];
  return isValidTraceparent(tp) ? tp : undefined;
}

/**
 * A source's send of one message's event: the message's own context (a `traceparent` property, which the
 * mapping made the extension) is the parent, and the context sent as the HTTP `traceparent` header (which
 * a broker's ingress reads first) is the source span's, or with no tracer the message's own. The event is
 * not changed.
 */
export function traceSource(
  hop: SourceHop,
  event: EventRecord,
): { span: HopSpan | undefined; context: TraceParent | undefined } {
  const parent = eventContext(event);
  const tracer = installed;
  if (!tracer) return { span: undefined, context: parent };
  const span = tracer.source(hop, parent, event);
  return { span, context: span.context };
}
