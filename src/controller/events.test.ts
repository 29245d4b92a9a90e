/** The event recorder: Event shape, repeats counted on one object, pruning by TTL and cap, no throws. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { KObject } from '../api/object.js';
import { createLogger } from '../log.js';
import { type TempStore, tempStore } from '../store/testing.js';
import type { ResourceStore } from '../store/types.js';
import { EVENTS_RESOURCE, StoreEventRecorder } from './events.js';

let t: TempStore;
let clock: number;
const log = createLogger('test', 'error');
beforeEach(() => {
  t = tempStore();
  clock = Date.parse('2026-01-01T00:00:00Z');
});
afterEach(() => t.dispose());

const ksvc = (name: string): KObject => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7' },
});

const events = () => t.store.list(EVENTS_RESOURCE).items;

test('events - records a core/v1 Event about the object', () => {
  const rec = new StoreEventRecorder({ store: t.store, log, now: () => clock });
  rec.event(ksvc('hello'), 'Normal', 'Created', 'Created Configuration "hello"');
  const [ev] = events();
  assert.match(ev!.metadata.name, /^hello\.[0-9a-f]{16}$/);
  assert.deepEqual(
    { ...ev, metadata: { namespace: ev!.metadata.namespace } },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'default' },
      involvedObject: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        name: 'hello',
        namespace: 'default',
        uid: 'uid-hello',
        resourceVersion: '7',
      },
      reason: 'Created',
      message: 'Created Configuration "hello"',
      type: 'Normal',
      source: { component: 'ebb-controller' },
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:00Z',
      count: 1,
      eventTime: null,
      reportingComponent: 'ebb-controller',
      reportingInstance: '',
    },
  );
});

test('events - an identical repeat bumps count and lastTimestamp; a different message is a new Event', () => {
  const rec = new StoreEventRecorder({ store: t.store, log, now: () => clock });
  rec.event(ksvc('a'), 'Warning', 'InternalError', 'boom');
  clock += 5_000;
  rec.event(ksvc('a'), 'Warning', 'InternalError', 'boom');
  assert.equal(events().length, 1);
  assert.equal(events()[0]!.count, 2);
  assert.equal(events()[0]!.firstTimestamp, '2026-01-01T00:00:00Z');
  assert.equal(events()[0]!.lastTimestamp, '2026-01-01T00:00:05Z');
  rec.event(ksvc('a'), 'Warning', 'InternalError', 'other');
  assert.equal(events().length, 2);
});

test('events - prune drops Events past the TTL and the oldest beyond the per-namespace cap', () => {
  const rec = new StoreEventRecorder({
    store: t.store,
    log,
    now: () => clock,
    ttlMs: 60_000,
    maxPerNamespace: 3,
  });
  rec.event(ksvc('old'), 'Normal', 'Ready', 'x');
  clock += 120_000;
  for (const n of ['a', 'b', 'c', 'd']) {
    clock += 1_000;
    rec.event(ksvc(n), 'Normal', 'Ready', 'x');
  }
  rec.prune();
  assert.deepEqual(
    events()
      .map((e) => (e.involvedObject as { name: string }).name)
      .sort(),
    ['b', 'c', 'd'],
  );
});

test('events - a failing store is logged, never thrown', () => {
  const warned: string[] = [];
  const broken = {
    get: () => undefined,
    create: () => {
      throw new Error('disk full');
    },
  } as unknown as ResourceStore;
  const rec = new StoreEventRecorder({
    store: broken,
    log: { ...log, warn: (m: string) => warned.push(m) },
  });
  assert.doesNotThrow(() => rec.event(ksvc('a'), 'Normal', 'Ready', 'x'));
  assert.deepEqual(warned, ['recording an event failed']);
});
