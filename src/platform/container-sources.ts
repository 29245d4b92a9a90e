/**
 * ContainerSources as `ebb up` runs them: each source's adapter is a process supervised by a
 * RevisionRuntime of its own — the process runtime Revisions use (crash backoff, exit code and last output,
 * probes, process groups reaped with the platform's), but not the serving plane's instance, whose every
 * key is a Revision the router, the autoscaler and the usage meter account for (and which the Revision
 * reconciler would stop as a Revision it does not know). Logs go to `{data dir}/logs/containersources/`
 * and are served as the `containersources/{name}/log` subresource (`ebb logs containersource/NAME`).
 */
import { join } from 'node:path';
import { registerLogSource } from '../apiserver/logs.js';
import { containerSourceReconciler } from '../reconcilers/containersource/reconciler.js';
import { RevisionRuntime } from '../serving/runtime/index.js';
import type { SourceKindContext, SourceKindPlane } from './source-kinds.js';

export const CONTAINER_SOURCES = 'containersources.sources.knative.dev';

export function createContainerSources(ctx: SourceKindContext): SourceKindPlane {
  const runtime = new RevisionRuntime({
    logDir: join(ctx.dataDir, 'logs', 'containersources'),
    log: ctx.log.child('containersource'),
  });
  const unregister = registerLogSource(ctx.store, CONTAINER_SOURCES, {
    tail: (key, lines) => runtime.logs(key, { tail: lines }),
    follow: (key, onLine) => runtime.followLogs(key, onLine),
  });
  return {
    reconcilers: [containerSourceReconciler(runtime)],
    async stop() {
      unregister();
      await runtime.stopAll();
    },
  };
}
