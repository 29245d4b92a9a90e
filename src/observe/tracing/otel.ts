/**
 * The recording HopTracer: Ebb's hops as OpenTelemetry spans, exported over OTLP/HTTP by the OpenTelemetry
 * JS SDK (a BasicTracerProvider with a BatchSpanProcessor). The SDK is imported only here and only when
 * export is configured, so an `ebb up` without OTEL_EXPORTER_OTLP_ENDPOINT never loads it.
 *
 * The SDK reads the standard variables itself: the exporter OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT,
 * _HEADERS, _TIMEOUT, _COMPRESSION; the provider OTEL_TRACES_SAMPLER(_ARG) and OTEL_SPAN_*_LIMIT; the
 * processor OTEL_BSP_*; the resource OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES. Spans are started
 * from an explicit parent context (no global context manager is registered).
 */
import {
  type Context,
  createTraceState,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { EventRecord } from '../../eventing/types.js';
import type { DeliveryHop, HopResult, HopSpan, HopTracer, IngressHop, SourceHop } from './hops.js';
import {
  ATTR,
  deliveryAttributes,
  deliverySpanName,
  deliveryTarget,
  ingressAttributes,
  ingressSpanName,
  sourceAttributes,
  sourceSpanName,
} from './span-names.js';
import { formatTraceparent, parseTraceparent, type TraceParent } from './trace-context.js';

/** The instrumentation scope of Ebb's spans. */
export const SCOPE_NAME = 'ebb.dev/eventing';
export const DEFAULT_SERVICE_NAME = 'ebb';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface OtelTracerOptions {
  /** @defaultValue `http/protobuf` (the OTLP default); from OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL. */
  protocol?: OtlpProtocol;
  /** Replaces the OTLP exporter (tests). */
  exporter?: SpanExporter;
  /** service.version of the resource. */
  version?: string;
}

export interface OtelTracer extends HopTracer {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

function parentContext(parent: TraceParent | undefined): Context {
  const parsed = parent && parseTraceparent(parent.traceparent);
  if (!parsed) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parsed.traceId,
    spanId: parsed.spanId,
    traceFlags: parsed.flags & TraceFlags.SAMPLED,
    isRemote: true,
    ...(parent.tracestate ? { traceState: createTraceState(parent.tracestate) } : {}),
  });
}

class OtelHopSpan implements HopSpan {
  readonly context: TraceParent;

  constructor(
    private readonly span: Span,
    /** Server spans fail on 5xx only; client spans on any 4xx/5xx (OTel's HTTP conventions). */
    private readonly server: boolean,
  ) {
    const sc = span.spanContext();
    const state = sc.traceState?.serialize();
    this.context = {
      traceparent: formatTraceparent(sc.traceId, sc.spanId, sc.traceFlags),
      ...(state ? { tracestate: state } : {}),
    };
  }

  end(result: HopResult): void {
    const span = this.span;
    if (span.isRecording()) {
      if (result.status !== undefined) span.setAttribute(ATTR.httpStatus, result.status);
      if (result.outcome !== undefined) span.setAttribute(ATTR.outcome, result.outcome);
      const failedStatus = result.status !== undefined && result.status >= (this.server ? 500 : 400);
      const failed = failedStatus || (result.outcome !== undefined && result.outcome !== 'delivered');
      if (failed || (result.error && !this.server)) {
        span.setStatus({ code: SpanStatusCode.ERROR, ...(result.error ? { message: result.error } : {}) });
      }
    }
    span.end();
  }
}

class SdkHopTracer implements OtelTracer {
  constructor(
    private readonly tracer: Tracer,
    private readonly provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> },
  ) {}

  ingress(hop: IngressHop, parent: TraceParent | undefined, event: EventRecord): HopSpan {
    const span = this.tracer.startSpan(
      ingressSpanName(hop),
      { kind: SpanKind.SERVER, attributes: ingressAttributes(hop, event) },
      parentContext(parent),
    );
    return new OtelHopSpan(span, true);
  }

  delivery(hop: DeliveryHop, parent: TraceParent | undefined, event: EventRecord): HopSpan {
    const target = deliveryTarget(hop);
    const span = this.tracer.startSpan(
      deliverySpanName(hop, target),
      { kind: SpanKind.CLIENT, attributes: deliveryAttributes(hop, target, event) },
      parentContext(parent),
    );
    return new OtelHopSpan(span, false);
  }

  source(hop: SourceHop, parent: TraceParent | undefined, event: EventRecord): HopSpan {
    const span = this.tracer.startSpan(
      sourceSpanName(hop),
      { kind: SpanKind.PRODUCER, attributes: sourceAttributes(hop, event) },
      parentContext(parent),
    );
    return new OtelHopSpan(span, false);
  }

  forceFlush(): Promise<void> {
    return this.provider.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

async function otlpExporter(protocol: OtlpProtocol): Promise<SpanExporter> {
  if (protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}

/** Loads the SDK and builds the tracer; the exporter reads its endpoint from the environment. */
export async function createOtelTracer(opts: OtelTracerOptions = {}): Promise<OtelTracer> {
  const [{ BasicTracerProvider, BatchSpanProcessor }, resources] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
  ]);
  const exporter = opts.exporter ?? (await otlpExporter(opts.protocol ?? 'http/protobuf'));
  const detected = resources.detectResources({
    detectors: [resources.envDetector, resources.processDetector, resources.hostDetector],
  });
  const resource = resources
    .defaultResource()
    .merge(
      resources.resourceFromAttributes({
        'service.name': DEFAULT_SERVICE_NAME,
        ...(opts.version ? { 'service.version': opts.version } : {}),
      }),
    )
    .merge(detected);
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return new SdkHopTracer(provider.getTracer(SCOPE_NAME, opts.version), provider);
}
