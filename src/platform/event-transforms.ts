/**
 * EventTransforms as `ebb up` runs them: the in-process JSONata plane (src/eventing/transform) served on
 * the ingress port by Host — `{name}-jsonata.{namespace}.svc.cluster.local`, the host of the Service
 * Knative puts in front of its JSONata Deployment — and the reconciler that loads each transform into it.
 * Deliveries to sinks resolve Knative-style hosts to loopback, as the triggers' do.
 */
import { Agent } from 'undici';
import { TransformPlane } from '../eventing/transform/index.js';
import { eventTransformReconciler } from '../reconcilers/eventtransform/reconciler.js';
import { normalizeHost } from '../serving/router/index.js';
import { localLookup } from './eventing.js';
import type { FlowKindContext, FlowKindPlane } from './flow-kinds.js';

export function createEventTransforms(ctx: FlowKindContext): FlowKindPlane {
  const log = ctx.log.child('event-transform');
  const http = new Agent({ keepAliveTimeout: 4_000, connect: { lookup: localLookup as never } });
  const plane = new TransformPlane({
    http,
    onFailure: (id, error) =>
      log.warn('event transform failed', { transform: id, status: error.status, reason: error.message }),
  });
  return {
    reconcilers: [eventTransformReconciler({ runtime: plane, ingressPort: () => ctx.ingressPort() })],
    handlers: [(req, res) => plane.handle(req, res, normalizeHost(req.headers.host ?? ''))],
    async stop() {
      await http.close();
    },
  };
}
