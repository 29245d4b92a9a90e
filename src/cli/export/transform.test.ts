import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KObject } from '../../api/object.js';
import { exportObject } from './transform.js';

const ksvc = (container: Record<string, unknown>): KObject =>
  ({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: {
      name: 'shop',
      namespace: 'default',
      uid: 'u-1',
      resourceVersion: '7',
      generation: 2,
      creationTimestamp: '2026-12-03T00:00:00Z',
      annotations: { 'ebb.dev/source-dir': '/src', 'serving.knative.dev/creator': 'me', team: 'web' },
    },
    spec: { template: { spec: { containers: [container] } } },
    status: { conditions: [] },
  }) as KObject;

test("export - status, server metadata and Ebb annotations go; the user's stay", () => {
  const { object } = exportObject(ksvc({ image: 'example.com/shop:1' }), { registry: 'r.example' });
  assert.deepEqual(object.metadata, { name: 'shop', namespace: 'default', annotations: { team: 'web' } });
  assert.equal(object.status, undefined);
});

test("export - a function's `ebb func serve` command goes (its image serves it), with a note", () => {
  const { object, notes } = exportObject(
    ksvc({ image: 'example.com/fn', command: ['ebb', 'func', 'serve', './handler.ts'] }),
    { registry: 'r.example' },
  );
  assert.deepEqual((object.spec as any).template.spec.containers[0], { image: 'example.com/fn' });
  assert.match(notes[0]!, /ran `ebb func serve \.\/handler\.ts` here; on Knative its image example\.com\/fn/);
});

test('export - a command without an image: the image config-ebb-images maps to it, else a placeholder', () => {
  const mapped = exportObject(ksvc({ command: ['node', 'server.mjs'] }), {
    registry: 'r.example',
    imagesMapping: 'example.com/shop: node server.mjs\n',
  });
  assert.deepEqual((mapped.object.spec as any).template.spec.containers[0], { image: 'example.com/shop' });
  const placeholder = exportObject(ksvc({ command: ['node', 'server.mjs'] }), { registry: 'r.example' });
  assert.equal((placeholder.object.spec as any).template.spec.containers[0].image, 'r.example/shop');
  assert.match(placeholder.notes[0]!, /has no image — build one and replace r\.example\/shop/);
});

test('export - a RocketMQSource stays, or becomes a ContainerSource running the adapter image', () => {
  const src = {
    apiVersion: 'sources.knative.dev/v1alpha1',
    kind: 'RocketMQSource',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: { 'ebb.dev/rocketmq-data-format': 'message' },
    },
    spec: {
      topic: 't',
      consumerGroup: 'g',
      endpoints: 'mq:8081',
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b' } },
    },
  } as KObject;
  const kept = exportObject(src, { registry: 'r' });
  assert.equal(kept.object.kind, 'RocketMQSource');
  assert.deepEqual(kept.object.metadata.annotations, { 'ebb.dev/rocketmq-data-format': 'message' });
  const asContainer = exportObject(src, { registry: 'r', rocketmqAdapterImage: 'r/adapter:1' });
  assert.equal(asContainer.object.kind, 'ContainerSource');
  const c = (asContainer.object.spec as any).template.spec.containers[0];
  assert.equal(c.image, 'r/adapter:1');
  assert.deepEqual(Object.fromEntries(c.env.map((e: any) => [e.name, e.value])), {
    ROCKETMQ_ENDPOINTS: 'mq:8081',
    ROCKETMQ_TOPIC: 't',
    ROCKETMQ_CONSUMER_GROUP: 'g',
    ROCKETMQ_DATA_FORMAT: 'message',
  });
});
