/** Traces through every hop (W3C trace context; OTLP export when configured). (Slot: wired by its own change.) */
import type { ObservabilityContext, ObservabilityPart } from './observability.js';

export function createTracing(_ctx: ObservabilityContext): ObservabilityPart {
  return { handlers: [], stop: async () => {} };
}
