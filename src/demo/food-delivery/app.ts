/**
 * Puts the food-delivery application on the demo's `ebb up`: the autoscaler's windows compressed with the
 * day (`config-autoscaler`), the `food-delivery` ConfigMap pointing the functions at the demo's store,
 * then the example's own manifests from `examples/food-delivery/` as `ebb apply -f` would apply them —
 * with the order service's `min-scale` of the chosen variant, and without the RocketMQSource when orders
 * go to the Broker directly. Then it waits until every Service is Ready.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { KObject } from '../../api/object.js';
import type { ApiClient } from '../../cli/client.js';
import { applyOne } from '../../cli/commands/apply.js';
import { type Manifest, readManifests } from '../../cli/manifests.js';

export const EXAMPLE_DIR = fileURLToPath(new URL('../../../../examples/food-delivery/', import.meta.url));
export const ORDER_SERVICE = 'order-service';
export const SERVICES = [ORDER_SERVICE, 'delivery-dispatcher', 'notifications', 'dead-letters'] as const;
const MIN_SCALE = 'autoscaling.knative.dev/min-scale';

export interface AppOptions {
  database: string;
  processingMs: number;
  minScale: number;
  /** Real seconds of the autoscaler's stable window (the day's speed decides it). */
  stableWindowSeconds: number;
  withSource: boolean;
  say: (line: string) => void;
}

const configMap = (namespace: string, name: string, data: Record<string, string>): Manifest => ({
  source: 'ebb demo',
  line: 1,
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name }, data } as KObject,
});

export async function applyApplication(client: ApiClient, opts: AppOptions): Promise<void> {
  const window = `${opts.stableWindowSeconds}s`;
  const own = [
    configMap('knative-serving', 'config-autoscaler', {
      'stable-window': window,
      'scale-to-zero-grace-period': '6s',
    }),
    configMap('default', 'food-delivery', {
      database: opts.database,
      'processing-ms': String(opts.processingMs),
    }),
  ];
  const example = (await readManifests([EXAMPLE_DIR])).filter((m) => keep(m.object, opts.withSource));
  for (const m of example) {
    if (m.object.kind === 'Service' && m.object.metadata.name === ORDER_SERVICE)
      setMinScale(m.object, opts.minScale);
  }
  for (const m of [...own, ...example]) {
    const { ref, result } = await applyOne(client, m, undefined);
    opts.say(`${ref} ${result}`);
  }
}

function keep(obj: KObject, withSource: boolean): boolean {
  if (obj.kind === 'ConfigMap' && obj.metadata.name === 'food-delivery') return false; // the demo's own
  return withSource || obj.kind !== 'RocketMQSource';
}

function setMinScale(service: KObject, minScale: number): void {
  service.spec.template.metadata ??= {};
  const meta = service.spec.template.metadata;
  meta.annotations = { ...(meta.annotations ?? {}), [MIN_SCALE]: String(minScale) };
}

const ready = (obj: KObject | undefined) =>
  obj?.status?.conditions?.some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );

/** Waits until every Service (and the source, with RocketMQ) is Ready; throws naming what is not. */
export async function waitReady(client: ApiClient, withSource: boolean, timeoutMs = 120_000): Promise<void> {
  const paths = SERVICES.map((s) => `/apis/serving.knative.dev/v1/namespaces/default/services/${s}`);
  if (withSource) paths.push('/apis/sources.knative.dev/v1alpha1/namespaces/default/rocketmqsources/orders');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const objects = await Promise.all(paths.map((p) => client.get(p).catch(() => undefined)));
    const waiting = objects
      .map((o, i) => (ready(o) ? undefined : ([paths[i]!, o] as const)))
      .filter((x) => x);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      const [path, obj] = waiting[0]!;
      const cond = obj?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');
      throw new Error(
        `${path.split('/').slice(-2).join('/')} is not Ready: ${cond?.message ?? cond?.reason ?? 'no status'}`,
      );
    }
    await sleep(250);
  }
}
