/**
 * The platform `ebb up` runs: the resource store, the API server, the controllers and the ingress, wired
 * together in one process. `stop()` undoes it in reverse order and leaves the data directory consistent.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { KINDS } from '../api/registry.js';
import { startApiServer } from '../apiserver/server.js';
import { ControllerManager } from '../controller/controller.js';
import { compileCesql } from '../eventing/cesql/index.js';
import { createLogger, type Logger } from '../log.js';
import { brokerReconciler } from '../reconcilers/broker/reconciler.js';
import { configurationReconciler } from '../reconcilers/configuration/reconciler.js';
import { RESOURCE } from '../reconcilers/labels.js';
import { notImplementedReconcilers } from '../reconcilers/not-implemented/reconciler.js';
import { revisionReconciler } from '../reconcilers/revision/reconciler.js';
import { rocketmqSourceReconciler } from '../reconcilers/rocketmqsource/reconciler.js';
import { routeReconciler } from '../reconcilers/route/reconciler.js';
import { serviceReconciler } from '../reconcilers/service/reconciler.js';
import { triggerReconciler } from '../reconcilers/trigger/reconciler.js';
import { SqliteResourceStore } from '../store/sqlite-store.js';
import type { ResourceStore } from '../store/types.js';
import { createEventingPlane } from './eventing.js';
import { createFlowKinds } from './flow-kinds.js';
import { startIngress } from './ingress.js';
import { ensureSystemNamespaces } from './namespaces.js';
import { createObservability } from './observability.js';
import { createServingPlane } from './serving.js';
import { createSourceKinds } from './source-kinds.js';
import { createSourcesPlane } from './sources.js';

/** How long a Revision's status waits after a replica change (see onRevisionChange below). */
const REVISION_STATUS_DELAY_MS = 50;

export interface PlatformOptions {
  dataDir: string;
  host: string;
  apiPort: number;
  ingressPort: number;
  log?: Logger;
  /** Requests that may wait per revision with no free replica. @defaultValue 1000 */
  maxQueuePerRevision?: number;
  /** RocketMQ proxy endpoints for RocketMQSources that name none. */
  rocketmqEndpoints?: string;
  /** Controller resync period. */
  resyncMs?: number;
}

export interface Platform {
  apiUrl: string;
  ingressUrl: string;
  dataDir: string;
  store: ResourceStore;
  /** Where RocketMQSources that name no endpoints connect now, if anywhere. */
  rocketmq(): string | undefined;
  stop(): Promise<void>;
}

export const STORE_FILE = 'resources.db';

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const log = opts.log ?? createLogger('ebb');
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const store = SqliteResourceStore.open(join(dataDir, STORE_FILE));
  const cleanups: (() => Promise<void> | void)[] = [() => store.close()];
  const stop = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        log.warn('error while stopping', { err });
      }
    }
    cleanups.length = 0;
  };
  try {
    ensureSystemNamespaces(store);
    const config = (namespace: string, name: string) =>
      store.get({ resource: 'configmaps', namespace, name })?.data as Record<string, string> | undefined;
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });
    let running = false;

    const serving = createServingPlane({
      dataDir,
      log,
      metrics,
      maxQueuePerRevision: opts.maxQueuePerRevision,
    });
    cleanups.push(() => serving.stop());
    const eventing = createEventingPlane(dataDir, log);
    cleanups.push(() => eventing.stop());
    const sources = createSourcesPlane({ dataDir, log, metrics, rocketmqEndpoints: opts.rocketmqEndpoints });
    cleanups.push(() => sources.stop());
    let apiUrl = '';
    const sourceKinds = createSourceKinds({
      store,
      log,
      metrics,
      dataDir,
      serving,
      apiUrl: () => apiUrl,
      ingressUrl: () => ingress.url,
    });
    cleanups.push(() => sourceKinds.stop());
    const flowKinds = createFlowKinds({
      store,
      log,
      metrics,
      dataDir,
      serving,
      eventing,
      ingressUrl: () => ingress.url,
      ingressPort: () => ingress.port,
    });
    cleanups.push(() => flowKinds.stop());
    const ingress = await startIngress({
      host: opts.host,
      port: opts.ingressPort,
      handlers: [
        (req, res) => serving.router.handle(req, res),
        ...flowKinds.handlers,
        (req, res) => eventing.ingress.handle(req, res),
      ],
      hosts: () => [...serving.router.hosts(), ...eventing.ingress.channelHosts()],
    });
    cleanups.push(() => ingress.close());

    const reconcilers = [
      serviceReconciler(),
      configurationReconciler(),
      revisionReconciler(serving),
      brokerReconciler({ ingress: eventing.ingress, log: eventing.log, ingressUrl: () => ingress.url }),
      triggerReconciler({
        dispatchers: eventing.dispatchers,
        cesql: (expression) => {
          const compiled = compileCesql(expression);
          return (event) => compiled.matches(event);
        },
      }),
      rocketmqSourceReconciler({
        sources: sources.rocketmq,
        localRocketMQ: () => sources.localRocketMQ(),
      }),
      routeReconciler({
        ingressPort: () => ingress.port,
        publish: (entry) => serving.router.setRoute(entry),
        unpublish: (id) => serving.router.removeRoute(id),
      }),
      ...sourceKinds.reconcilers,
      ...flowKinds.reconcilers,
    ];
    const controllers = new ControllerManager(
      [...reconcilers, ...notImplementedReconcilers(KINDS, reconcilers)],
      { store, log: log.child('controller'), config, ...(opts.resyncMs ? { resyncMs: opts.resyncMs } : {}) },
    );
    // A Revision's status follows its replicas a moment later, coalesced: the status write is a synced
    // SQLite commit on this thread, and made at once it would sit between a wake from zero and the spawn,
    // and between the replica's readiness and the forwarded request (~20 ms of a cold start, measured by
    // bench/function-cold-start); 50 ms later it lands while the replica is still loading, or after.
    serving.onRevisionChange((key) => {
      const slash = key.indexOf('/');
      controllers.enqueueAfter(
        RESOURCE.revisions,
        key.slice(0, slash),
        key.slice(slash + 1),
        REVISION_STATUS_DELAY_MS,
      );
    });
    controllers.start();
    cleanups.push(() => controllers.stop());

    const observability = createObservability({
      store,
      log,
      metrics,
      dataDir,
      serving,
      eventing,
      sources,
      apiUrl: () => apiUrl,
      ingressUrl: () => ingress.url,
    });
    cleanups.push(() => observability.stop());
    const api = await startApiServer({
      store,
      validation: { config },
      log: log.child('api'),
      host: opts.host,
      port: opts.apiPort,
      metrics,
      healthy: () => running,
      logs: {
        tail: (key, lines) => serving.runtime.logs(key, { tail: lines }),
        follow: (key, onLine) => serving.runtime.followLogs(key, onLine),
      },
      usage: serving.usage,
      handlers: observability.handlers,
    });
    apiUrl = api.url;
    cleanups.push(() => api.close());
    running = true;
    cleanups.push(() => {
      running = false;
    });
    return {
      apiUrl: api.url,
      ingressUrl: ingress.url,
      dataDir,
      store,
      rocketmq: () => sources.localRocketMQ()?.proxyEndpoint,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
