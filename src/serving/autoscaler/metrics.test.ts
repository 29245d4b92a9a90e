import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RevisionMetrics } from './metrics.js';

const S = 1_000;
const T0 = 1_700_000_000_000;

function setup() {
  let now = T0;
  const clock = {
    get: () => now,
    at: (ms: number) => {
      now = T0 + ms;
    },
  };
  return { clock, metrics: new RevisionMetrics({ now: clock.get }) };
}

test('autoscaler metrics - concurrency is time-weighted per second', () => {
  const table: {
    name: string;
    events: [number, 'start' | 'end'][];
    at: number;
    window: number;
    want: number;
  }[] = [
    {
      name: '2 requests held for the whole second',
      events: [
        [0, 'start'],
        [0, 'start'],
      ],
      at: S,
      window: 60 * S,
      want: 2,
    },
    {
      name: 'one request for half a second',
      events: [
        [0, 'start'],
        [500, 'end'],
      ],
      at: S,
      window: 60 * S,
      want: 0.5,
    },
    {
      name: 'overlapping requests: 1 for 250ms, 2 for 500ms, 1 for 250ms',
      events: [
        [0, 'start'],
        [250, 'start'],
        [750, 'end'],
        [1_000, 'end'],
      ],
      at: 2 * S,
      window: 60 * S,
      want: 1.5 / 2,
    },
    {
      name: 'one request held for 10 seconds, averaged over them',
      events: [[0, 'start']],
      at: 10 * S,
      window: 60 * S,
      want: 1,
    },
    {
      name: 'the panic window sees only the last 6 seconds',
      events: [
        [0, 'start'],
        [0, 'start'],
        [0, 'start'],
        [0, 'start'],
        [14_000, 'end'],
        [14_000, 'end'],
      ],
      at: 20 * S,
      window: 6 * S,
      want: 2,
    },
  ];
  for (const c of table) {
    const { clock, metrics } = setup();
    for (const [ms, kind] of c.events) {
      clock.at(ms);
      if (kind === 'start') metrics.requestStarted();
      else metrics.requestEnded();
    }
    assert.equal(metrics.windowAverage(T0 + c.at, c.window).concurrency, c.want, c.name);
  }
});

test('autoscaler metrics - requests per second count arrivals', () => {
  const { clock, metrics } = setup();
  for (let i = 0; i < 30; i++) {
    clock.at(i * 100); // 10 per second for 3 seconds
    metrics.requestStarted();
    metrics.requestEnded();
  }
  assert.equal(metrics.windowAverage(T0 + 3 * S, 60 * S).rps, 10);
});

test('autoscaler metrics - without replicas or traffic nothing is written (no data)', () => {
  const { clock, metrics } = setup();
  assert.equal(metrics.isEmpty(T0, 60 * S), true);
  clock.at(0);
  metrics.requestStarted();
  clock.at(100);
  metrics.requestEnded();
  assert.equal(metrics.isEmpty(T0 + 5 * S, 60 * S), false);
  assert.equal(metrics.windowAverage(T0 + 30 * S, 60 * S).concurrency, 0.1, 'the one written second');
  assert.equal(metrics.isEmpty(T0 + 62 * S, 60 * S), true, 'a whole window later');
});

test('autoscaler metrics - ready replicas write zeros every second, like Knative scraping', () => {
  const { clock, metrics } = setup();
  metrics.setScraped(true);
  clock.at(0);
  metrics.requestStarted();
  clock.at(S);
  metrics.requestEnded();
  assert.equal(metrics.windowAverage(T0 + 10 * S, 60 * S).concurrency, 1 / 10);
  assert.equal(metrics.windowAverage(T0 + 59_500, 60 * S).concurrency, Math.round(1e6 / 59) / 1e6);
  assert.equal(metrics.windowAverage(T0 + 60 * S, 60 * S).concurrency, 0, 'second 0 left the window');
  assert.equal(metrics.isEmpty(T0 + 3_600 * S, 60 * S), false);
});

test('autoscaler metrics - a request ended twice does not go negative', () => {
  const { clock, metrics } = setup();
  metrics.requestStarted();
  metrics.requestEnded();
  metrics.requestEnded();
  assert.equal(metrics.inFlight, 0);
  clock.at(S);
  assert.equal(metrics.windowAverage(T0 + S, 60 * S).concurrency, 0);
  assert.equal(metrics.lastRequestMs, T0);
});
