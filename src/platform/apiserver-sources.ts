/**
 * ApiServerSources as `ebb up` runs them. Not implemented yet: no reconciler, so the kind gets the NotImplemented
 * status (reconcilers/not-implemented).
 */
import type { SourceKindContext, SourceKindPlane } from './source-kinds.js';

export function createApiServerSources(_ctx: SourceKindContext): SourceKindPlane {
  return { reconcilers: [], stop: async () => {} };
}
