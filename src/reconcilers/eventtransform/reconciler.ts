/**
 * EventTransform: loads the expression into the in-process JSONata plane and resolves the sink, then
 * publishes the address — the phases of Knative's reconciler (eventtransform.go), with its conditions:
 *
 * - `JsonataDeploymentReady`: Knative's JSONata Deployment is available. Here: the expressions are
 *   compiled and served by the plane (`JsonataDeploymentUnavailable` when they are not).
 * - `JsonataSinkBindingReady`: Knative's SinkBinding that hands the sink to the Deployment is Ready (True
 *   without a sink). Here: the sink resolves; when it does not, `NoAddressable` with the SinkBinding's
 *   message, and requests get 503 until it does (a change to a Broker, Service or EventTransform in the
 *   namespace looks again).
 * - `TransformationReady`: the first of those two that is not True, else True.
 * - `Addressable`: `status.address(es)` set, as Knative does only once the transformation is ready.
 * - `EventPoliciesReady`: True with Knative's `OIDCDisabled` — Ebb has no OIDC, so no policy applies.
 */
import { ConditionSet } from '../../api/conditions.js';
import { eventTransformKind } from '../../api/eventing/event-transform.js';
import type { KindReconciler } from '../../controller/reconciler.js';
import type { TransformSpec, UpsertResult } from '../../eventing/transform/index.js';
import { resolveDestination } from '../destination.js';
import { inNamespace, SINK_WATCHES } from '../sink-watches.js';
import { transformHost, transformUrl } from './resources/address.js';

export const EVENT_TRANSFORM_CONDITIONS = new ConditionSet('Ready', [
  'Addressable',
  'EventPoliciesReady',
  'TransformationReady',
]);
/** How soon a transform whose sink or expression is not ready looks again (besides the watches). */
const RETRY_MS = 10_000;
const OIDC_DISABLED_MESSAGE = 'Feature "authentication-oidc" must be enabled to support Authorization';

/** What the reconciler drives: the EventTransform plane (src/eventing/transform). */
export interface TransformRuntime {
  upsert(spec: TransformSpec): UpsertResult;
  remove(id: string): void;
}

export interface EventTransformReconcilerOptions {
  runtime: TransformRuntime;
  ingressPort(): number;
}

export function eventTransformReconciler(opts: EventTransformReconcilerOptions): KindReconciler {
  return {
    def: eventTransformKind,
    conditions: EVENT_TRANSFORM_CONDITIONS,
    watches: [...SINK_WATCHES, { resource: 'eventtransforms.eventing.knative.dev', keysFor: inNamespace }],
    async reconcileKind(transform, cm, ctx) {
      const ns = transform.metadata.namespace ?? '';
      const name = transform.metadata.name;
      const spec = transform.spec ?? {};
      const status = transform.status!;

      let sink: TransformSpec['sink'];
      if (spec.sink) {
        const resolved = resolveDestination(ctx.store, spec.sink, ns);
        if (resolved.ok) {
          status.sinkUri = resolved.uri;
          sink = { uri: resolved.uri };
          cm.markTrue('JsonataSinkBindingReady');
        } else {
          delete status.sinkUri;
          const message = `Addressable could not be extracted from destination: ${resolved.message}`;
          sink = { unavailable: message };
          cm.markFalse('JsonataSinkBindingReady', 'NoAddressable', message);
        }
      } else {
        delete status.sinkUri;
        cm.markTrue('JsonataSinkBindingReady');
      }

      const loaded = opts.runtime.upsert({
        id: `${ns}/${name}`,
        host: transformHost(name, ns),
        expression: String(spec.jsonata?.expression ?? ''),
        ...(sink ? { sink } : {}),
        ...(spec.reply
          ? { reply: { expression: spec.reply.jsonata?.expression, discard: spec.reply.discard === true } }
          : {}),
      });
      if (loaded.ok) cm.markTrue('JsonataDeploymentReady');
      else cm.markFalse('JsonataDeploymentReady', 'JsonataDeploymentUnavailable', loaded.message);

      const deployment = cm.get('JsonataDeploymentReady');
      const binding = cm.get('JsonataSinkBindingReady');
      cm.propagate('TransformationReady', deployment?.status !== 'True' ? deployment : binding, '', '');
      if (!cm.get('TransformationReady') || cm.get('TransformationReady')!.status !== 'True') {
        return { requeueAfterMs: RETRY_MS };
      }

      const address = { name: 'http', url: transformUrl(name, ns, opts.ingressPort()) };
      status.address = address;
      status.addresses = [address];
      cm.markTrue('Addressable');
      cm.markTrue('EventPoliciesReady', 'OIDCDisabled', OIDC_DISABLED_MESSAGE);
      return undefined;
    },
    async finalize(key) {
      opts.runtime.remove(key);
    },
  };
}
