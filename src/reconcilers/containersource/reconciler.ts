/**
 * ContainerSource: resolves the sink (`SinkBindingReady`, `status.sinkUri` — what the SinkBinding Knative
 * creates for the source would report, reason `NoAddressable` when it does not resolve) and runs the
 * template's container as one supervised process with `K_SINK` and `K_CE_OVERRIDES` (`ReceiveAdapterReady`:
 * running, starting, or why it crashed; the runtime restarts it with backoff). A changed template, sink or
 * referenced Secret/ConfigMap value changes the process's spec, and the runtime replaces it; deletion stops
 * it. While the sink does not resolve the process is stopped: an adapter has nowhere to send (Knative's
 * binding would strip `K_SINK` from it too). The runtime's changes (spawned, crashed, stable) bring the
 * source back here at once, so its status follows the process.
 */
import { ConditionSet } from '../../api/conditions.js';
import type { KindDef } from '../../api/kind.js';
import { kindForObject, resourceOf } from '../../api/registry.js';
import { type KindReconciler, type ReconcileContext, splitKey } from '../../controller/reconciler.js';
import type { RevisionRuntime } from '../../serving/runtime/index.js';
import { resolveDestination } from '../destination.js';
import { RESOURCE } from '../labels.js';
import { IMAGES_CONFIGMAP } from '../revision/resources/images.js';
import { secretValues } from '../secrets.js';
import { inNamespace } from '../sink-watches.js';
import { buildAdapter } from './resources/adapter.js';
import { adapterCondition } from './resources/adapter-status.js';

export const CONTAINER_SOURCE_CONDITIONS = new ConditionSet('Ready', [
  'SinkBindingReady',
  'ReceiveAdapterReady',
]);
/** How often a source whose sink does not resolve is looked at, besides the watches. */
const RETRY_MS = 10_000;

export function containerSourceReconciler(runtime: RevisionRuntime): KindReconciler {
  const def = kindForObject('sources.knative.dev/v1', 'ContainerSource') as KindDef;
  const resource = resourceOf(def);
  let enqueue: ReconcileContext['enqueue'] | undefined;
  runtime.on('change', (key) => {
    const { namespace, name } = splitKey(key);
    enqueue?.(resource, namespace, name);
  });
  return {
    def,
    conditions: CONTAINER_SOURCE_CONDITIONS,
    watches: [
      { resource: 'brokers.eventing.knative.dev', keysFor: inNamespace },
      { resource: RESOURCE.services, keysFor: inNamespace },
      { resource: 'secrets', keysFor: inNamespace },
      {
        resource: RESOURCE.configmaps,
        keysFor: (o) =>
          o.metadata.namespace === IMAGES_CONFIGMAP.namespace && o.metadata.name === IMAGES_CONFIGMAP.name
            ? ['*']
            : inNamespace(o),
      },
    ],
    async reconcileKind(source, cm, ctx) {
      enqueue ??= ctx.enqueue;
      const ns = source.metadata.namespace ?? '';
      const key = `${ns}/${source.metadata.name}`;
      const status = source.status!;
      const sink = resolveDestination(ctx.store, source.spec?.sink, ns);
      if (!sink.ok) {
        void runtime.remove(key);
        delete status.sinkUri;
        cm.markFalse(
          'SinkBindingReady',
          'NoAddressable',
          `Addressable could not be extracted from destination: ${sink.message}`,
        );
        cm.markUnknown(
          'ReceiveAdapterReady',
          'SinkNotResolved',
          'The adapter starts once its sink resolves.',
        );
        return { requeueAfterMs: RETRY_MS };
      }
      status.sinkUri = sink.uri;
      cm.markTrue('SinkBindingReady');
      const built = buildAdapter(source, sink.uri, {
        secret: (name) => secretValues(ctx.store, ns, name),
        configMap: (name) => ctx.config(ns, name),
        images: ctx.config(IMAGES_CONFIGMAP.namespace, IMAGES_CONFIGMAP.name),
      });
      if (!built.ok) {
        void runtime.remove(key);
        cm.markFalse('ReceiveAdapterReady', built.reason, built.message);
        return undefined;
      }
      runtime.ensure(built.revision, 1);
      const adapter = adapterCondition(runtime.status(key));
      if (adapter.status === 'True') cm.markTrue('ReceiveAdapterReady');
      else if (adapter.status === 'False')
        cm.markFalse('ReceiveAdapterReady', adapter.reason, adapter.message);
      else cm.markUnknown('ReceiveAdapterReady', adapter.reason, adapter.message);
      return undefined;
    },
    async finalize(key) {
      // Stopping waits for the process to exit (up to its grace period): keep the worker free.
      void runtime.remove(key);
    },
  };
}
