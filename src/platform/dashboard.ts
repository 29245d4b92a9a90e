/** The dashboard (its page, data and live updates). (Slot: wired by its own change.) */
import type { ObservabilityContext, ObservabilityPart } from './observability.js';

export function createDashboard(_ctx: ObservabilityContext): ObservabilityPart {
  return { handlers: [], stop: async () => {} };
}
