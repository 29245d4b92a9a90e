/**
 * SinkBindings as `ebb up` runs them: the reconciler resolves each binding's sink and subject into its
 * status; the Revisions of the bound Services and Configurations read it when their processes are built
 * (reconcilers/sinkbinding/inject.ts), so nothing runs here and there is nothing to stop.
 */
import { sinkBindingReconciler } from '../reconcilers/sinkbinding/reconciler.js';
import type { SourceKindContext, SourceKindPlane } from './source-kinds.js';

export function createSinkBindings(_ctx: SourceKindContext): SourceKindPlane {
  return { reconcilers: [sinkBindingReconciler()], stop: async () => {} };
}
