/**
 * The serving data plane as `ebb up` runs it: the replica runtime and the router, connected so the router
 * drains replicas before the runtime stops them, learns ready endpoints as they change, and can say why a
 * revision has no replica when a request times out waiting.
 */
import { join } from 'node:path';
import type { Logger } from '../log.js';
import type { ServingPlane } from '../reconcilers/revision/reconciler.js';
import { Router } from '../serving/router/index.js';
import { RevisionRuntime } from '../serving/runtime/index.js';
import type { RevisionKey } from '../serving/types.js';

export interface ServingDataPlane extends ServingPlane {
  /** Called with every revision whose runtime state changed. */
  onRevisionChange(listener: (key: RevisionKey) => void): void;
  stop(): Promise<void>;
}

export function createServingPlane(dataDir: string, log: Logger): ServingDataPlane {
  let runtime: RevisionRuntime;
  const router = new Router({
    log: log.child('router'),
    reasonFor: (key) => {
      const st = runtime.status(key);
      if (!st) return undefined;
      if (st.startError) return st.startError;
      const t = st.lastTermination;
      if (t) return `the replica exited (${t.exitCode !== null ? `exit code ${t.exitCode}` : `signal ${t.signal}`}): ${t.lastOutput.trim().split('\n').slice(-3).join(' | ')}`;
      return undefined;
    },
  });
  runtime = new RevisionRuntime({
    logDir: join(dataDir, 'logs'),
    drain: (id, timeoutMs) => router.drain(id, timeoutMs),
    log: log.child('runtime'),
  });
  const listeners: ((key: RevisionKey) => void)[] = [];
  runtime.on('change', (key: RevisionKey) => {
    router.setEndpoints(key, runtime.readyEndpoints(key));
    for (const l of listeners) l(key);
  });
  return {
    runtime,
    router,
    onRevisionChange: (l) => listeners.push(l),
    async stop() {
      await runtime.stopAll();
      router.close();
    },
  };
}
