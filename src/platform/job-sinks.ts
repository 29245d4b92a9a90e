/** JobSinks as `ebb up` runs them. (Slot: until wired, the kind reports NotImplemented.) */
import type { FlowKindContext, FlowKindPlane } from './flow-kinds.js';

export function createJobSinks(_ctx: FlowKindContext): FlowKindPlane {
  return { reconcilers: [], handlers: [], stop: async () => {} };
}
