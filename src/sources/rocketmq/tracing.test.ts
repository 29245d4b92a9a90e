/** A RocketMQ message's trace context: a `traceparent` user property continues the upstream trace. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { traceSource } from '../../observe/tracing/hops.js';
import { ctx, message, props } from './mapping.fixtures.js';
import { toCloudEvent } from './mapping.js';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const HOP = { kind: 'rocketmqsource', namespace: 'shop', name: 'orders-source', url: 'http://sink/' };

describe('rocketmq source - trace context', () => {
  it('tracing - traceparent and tracestate properties become the extension and the header sent', () => {
    const { event } = toCloudEvent(
      message({ properties: props({ traceparent: TP, tracestate: 'rq=1' }) }),
      ctx,
    );
    assert.equal(event.attributes.traceparent, TP);
    assert.deepEqual(traceSource(HOP, event).context, { traceparent: TP, tracestate: 'rq=1' });
  });

  it('tracing - a message without one sends no context, and an invalid one is not sent', () => {
    const { event } = toCloudEvent(message(), ctx);
    assert.equal(traceSource(HOP, event).context, undefined);
    const bad = toCloudEvent(message({ properties: props({ traceparent: 'not-a-traceparent' }) }), ctx);
    assert.equal(traceSource(HOP, bad.event).context, undefined);
  });
});
