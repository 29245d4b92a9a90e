/** Knative's metric names on /metrics. (Slot: wired by its own change.) */
import type { ObservabilityContext, ObservabilityPart } from './observability.js';

export function createKnativeMetrics(_ctx: ObservabilityContext): ObservabilityPart {
  return { handlers: [], stop: async () => {} };
}
