/**
 * The channel and flow kinds `ebb up` runs — Channel, InMemoryChannel and Subscription; Sequence and
 * Parallel; EventTransform; JobSink — each wired in its own file, which returns its reconcilers, the
 * ingress handlers that serve their addresses (by Host, as Knative's channel dispatchers and sinks are
 * addressed), and how to stop what it runs.
 */
import type { Registry } from 'prom-client';
import type { KindReconciler } from '../controller/reconciler.js';
import type { Logger } from '../log.js';
import type { ResourceStore } from '../store/types.js';
import { createChannels } from './channels.js';
import { createEventTransforms } from './event-transforms.js';
import type { EventingPlane } from './eventing.js';
import type { IngressHandler } from './ingress.js';
import { createJobSinks } from './job-sinks.js';
import type { ServingDataPlane } from './serving.js';

export interface FlowKindContext {
  store: ResourceStore;
  log: Logger;
  metrics: Registry;
  dataDir: string;
  serving: ServingDataPlane;
  eventing: EventingPlane;
  /** The ingress URL (`http://127.0.0.1:PORT`): addresses are `http://{host}:{PORT}`. */
  ingressUrl(): string;
  /** The ingress port. */
  ingressPort(): number;
}

export interface FlowKindPlane {
  reconcilers: KindReconciler[];
  /** Tried in order on the ingress port before the broker ingress; each returns false for hosts not its own. */
  handlers: IngressHandler[];
  stop(): Promise<void>;
}

export function createFlowKinds(ctx: FlowKindContext): FlowKindPlane {
  const planes = [createChannels(ctx), createEventTransforms(ctx), createJobSinks(ctx)];
  return {
    reconcilers: planes.flatMap((p) => p.reconcilers),
    handlers: planes.flatMap((p) => p.handlers),
    async stop() {
      for (const p of planes) await p.stop();
    },
  };
}
