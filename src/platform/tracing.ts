/**
 * Traces through every hop. Trace context always propagates (the data planes do it on their own); with
 * OTLP export configured by the standard OTEL_* variables, this loads the OpenTelemetry SDK, installs the
 * recording tracer the data planes' hops report to, and flushes and shuts it down on stop.
 */

import { tracingConfig } from '../observe/tracing/config.js';
import { setHopTracer } from '../observe/tracing/hops.js';
import type { OtelTracer } from '../observe/tracing/otel.js';
import type { ObservabilityContext, ObservabilityPart } from './observability.js';

export function createTracing(
  ctx: ObservabilityContext,
  env: NodeJS.ProcessEnv = process.env,
): ObservabilityPart {
  const config = tracingConfig(env);
  const log = ctx.log.child('tracing');
  for (const warning of config.warnings) log.warn(warning);
  const wanted = config.export;
  if (!wanted) return { handlers: [], stop: async () => {} };
  let stopped = false;
  // Imported here, not at the top: without export configured, neither the SDK nor the API is loaded.
  const loading: Promise<OtelTracer | undefined> = import('../observe/tracing/otel.js')
    .then(({ createOtelTracer }) => createOtelTracer({ protocol: wanted.protocol }))
    .then(
      (tracer) => {
        if (stopped) return tracer;
        setHopTracer(tracer);
        log.info('exporting spans over OTLP', { endpoint: wanted.endpoint, protocol: wanted.protocol });
        return tracer;
      },
      (err: unknown) => {
        log.error('cannot load the OpenTelemetry SDK; spans are not exported', { err });
        return undefined;
      },
    );
  return {
    handlers: [],
    async stop() {
      stopped = true;
      const tracer = await loading;
      if (!tracer) return;
      setHopTracer(undefined);
      try {
        await tracer.shutdown();
      } catch (err) {
        log.warn('flushing spans failed', { err });
      }
    },
  };
}
