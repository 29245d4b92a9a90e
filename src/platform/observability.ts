/**
 * What lets people see `ebb up` at work — the dashboard, Knative's metrics on `/metrics`, and traces
 * through every hop — each wired in its own file from the planes it observes. The dashboard's HTTP
 * handlers mount on the API server, tried before the API's own paths.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../log.js';
import type { ResourceStore } from '../store/types.js';
import { createDashboard } from './dashboard.js';
import type { EventingPlane } from './eventing.js';
import { createKnativeMetrics } from './knative-metrics.js';
import type { ServingDataPlane } from './serving.js';
import type { SourcesPlane } from './sources.js';
import { createTracing } from './tracing.js';

export interface ObservabilityContext {
  store: ResourceStore;
  log: Logger;
  metrics: Registry;
  dataDir: string;
  serving: ServingDataPlane;
  eventing: EventingPlane;
  sources: SourcesPlane;
  /** The API server's URL (known once it listens). */
  apiUrl(): string;
  ingressUrl(): string;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ObservabilityPart {
  /** Handlers for the API server (the dashboard's page, its data and live updates). */
  handlers: HttpHandler[];
  stop(): Promise<void>;
}

export function createObservability(ctx: ObservabilityContext): ObservabilityPart {
  const parts = [createKnativeMetrics(ctx), createTracing(ctx), createDashboard(ctx)];
  return {
    handlers: parts.flatMap((p) => p.handlers),
    async stop() {
      for (const p of parts.reverse()) await p.stop();
    },
  };
}
