/**
 * Whether and how `ebb up` exports spans, from the standard OpenTelemetry variables: export is on when
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT is set (and neither
 * OTEL_SDK_DISABLED=true nor OTEL_TRACES_EXPORTER=none says otherwise); the protocol is
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, else `http/protobuf`.
 */
import type { OtlpProtocol } from './otel.js';

export interface TracingConfig {
  /** undefined: nothing is recorded, trace context only propagates. */
  export?: { protocol: OtlpProtocol; endpoint: string };
  /** Why a setting was not followed, for the log. */
  warnings: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const PROTOCOLS: readonly string[] = ['http/protobuf', 'http/json'];

export function tracingConfig(env: Env): TracingConfig {
  const warnings: string[] = [];
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return { warnings };
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return { warnings };
  const exporters = (env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map((e) => e.trim().toLowerCase());
  if (exporters.includes('none')) return { warnings };
  if (!exporters.includes('otlp')) {
    warnings.push(`OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER}: only otlp is supported, using otlp`);
  }
  const wanted = (
    env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ||
    env.OTEL_EXPORTER_OTLP_PROTOCOL ||
    'http/protobuf'
  )
    .trim()
    .toLowerCase();
  let protocol: OtlpProtocol = 'http/protobuf';
  if (PROTOCOLS.includes(wanted)) protocol = wanted as OtlpProtocol;
  else
    warnings.push(
      `OTLP protocol ${wanted} is not supported (http/protobuf or http/json), using http/protobuf`,
    );
  return { export: { protocol, endpoint }, warnings };
}
