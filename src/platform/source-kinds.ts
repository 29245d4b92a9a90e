/**
 * The Knative source kinds `ebb up` runs besides RocketMQSource — PingSource, ApiServerSource,
 * ContainerSource and SinkBinding — each wired in its own file, which returns its reconcilers and how to
 * stop what it runs. They share one keep-alive HTTP agent whose lookup sends Knative-style sink hosts
 * (`*.svc.cluster.local`) to loopback, as the triggers' does.
 */
import type { Registry } from 'prom-client';
import { Agent } from 'undici';
import type { KindReconciler } from '../controller/reconciler.js';
import type { Logger } from '../log.js';
import type { ResourceStore } from '../store/types.js';
import { createApiServerSources } from './apiserver-sources.js';
import { createContainerSources } from './container-sources.js';
import { localLookup } from './eventing.js';
import { createPingSources } from './ping-sources.js';
import type { ServingDataPlane } from './serving.js';
import { createSinkBindings } from './sink-bindings.js';

export interface SourceKindContext {
  store: ResourceStore;
  log: Logger;
  metrics: Registry;
  dataDir: string;
  serving: ServingDataPlane;
  /** The API server's URL (known once it listens, after the controllers start). */
  apiUrl(): string;
  /** The ingress URL (brokers and services). */
  ingressUrl(): string;
  /** Keep-alive HTTP agent for delivering to sinks. */
  http: Agent;
}

export interface SourceKindPlane {
  reconcilers: KindReconciler[];
  stop(): Promise<void>;
}

export function createSourceKinds(ctx: Omit<SourceKindContext, 'http'>): SourceKindPlane {
  const http = new Agent({ keepAliveTimeout: 4_000, connect: { lookup: localLookup as never } });
  const full: SourceKindContext = { ...ctx, http };
  const planes = [
    createPingSources(full),
    createApiServerSources(full),
    createContainerSources(full),
    createSinkBindings(full),
  ];
  return {
    reconcilers: planes.flatMap((p) => p.reconcilers),
    async stop() {
      for (const p of planes) await p.stop();
      await http.close();
    },
  };
}
