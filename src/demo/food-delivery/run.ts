/**
 * `ebb demo food-delivery`: one compressed day of the food-delivery company. Starts what it needs
 * (stack.ts), puts the application on it (app.ts), produces the day's orders (producer.ts) while sampling
 * and showing the effect (sampler.ts, view.ts), waits until every order is accounted for, and writes the
 * report — chart, image, summary — to the output folder (../effect/). Everything it started is stopped
 * at the end, whatever happened.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiClient } from '../../cli/client.js';
import { openProducer, type TopicProducer } from '../../rocketmq/index.js';
import { writeEffect } from '../effect/index.js';
import type { EffectReport } from '../effect/types.js';
import { applyApplication, ORDER_SERVICE, SERVICES, waitReady } from './app.js';
import { DayClock, orderRate } from './day.js';
import { difference, readUsage } from './measure.js';
import { OrderGenerator } from './orders.js';
import { DayProducer, type SendOrder, toBroker, toRocketMQ } from './producer.js';
import { Sampler } from './sampler.js';
import { startStack, TOPIC } from './stack.js';
import { summarize } from './summary.js';
import { StoreTracker } from './tracker.js';
import { LiveView } from './view.js';

export interface DemoOptions {
  minutes: number;
  peakRate: number;
  valleyRate: number;
  rocketmq: boolean;
  minScale: number;
  processingMs: number;
  /** The output folder (created). */
  out: string;
  /** Longest wait for the last orders after the day, without progress. @defaultValue 60 */
  drainSeconds?: number;
  seed?: number;
  /** Keep `ebb up`'s data folder (its logs, the event log) instead of removing it. */
  keepData?: boolean;
  say: (line: string) => void;
  screen: NodeJS.WriteStream;
}

export interface DemoResult {
  report: EffectReport;
  files: { html: string; svg: string; json: string };
  lostKeys: string[];
}

/** The stable window that keeps the autoscaler's memory at ~45 simulated minutes (Knative allows 6 s–1 h). */
export const stableWindowSeconds = (clock: DayClock): number =>
  Math.min(3600, Math.max(6, Math.round(45 / clock.speed)));

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const out = resolve(opts.out);
  mkdirSync(out, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'ebb-demo-'));
  const clock = new DayClock(opts.minutes);
  const say = opts.say;
  say(`ebb up (data in ${dataDir})${opts.rocketmq ? ' and a local RocketMQ' : ''}`);
  const stack = await startStack({ dataDir, rocketmq: opts.rocketmq, say });
  // Ctrl+C or a SIGTERM stops what the demo started before it exits.
  const onSignal = (signal: NodeJS.Signals) => {
    say(`${signal}: stopping ebb up and RocketMQ`);
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let producer: TopicProducer | undefined;
  let closeBroker: (() => Promise<void>) | undefined;
  let tracker: StoreTracker | undefined;
  try {
    say(`  API ${stack.api}   ingress ${stack.ingress}`);
    if (stack.noRocketMQ) {
      say(`RocketMQ: not used — ${stack.noRocketMQ}. Orders go straight to the Broker.`);
      say(
        '  (with Java 17 and Maven installed, and without --no-rocketmq, they go through a local RocketMQ)',
      );
    }
    const client = new ApiClient(stack.api);
    const database = join(out, 'orders.db');
    rmSync(database, { force: true });
    say('the application (examples/food-delivery), as `ebb apply -f` applies it:');
    await applyApplication(client, {
      database,
      processingMs: opts.processingMs,
      minScale: opts.minScale,
      stableWindowSeconds: stableWindowSeconds(clock),
      withSource: stack.rocketmq !== undefined,
      say: (l) => say(`  ${l}`),
    });
    await waitReady(client, stack.rocketmq !== undefined);
    let send: SendOrder;
    if (stack.rocketmq) {
      producer = await openProducer(stack.rocketmq.proxyEndpoint, TOPIC);
      send = toRocketMQ(producer);
    } else {
      const broker = toBroker(`${stack.ingress}/default/order`);
      closeBroker = broker.close;
      send = broker.send;
    }
    const route = stack.rocketmq
      ? `RocketMQ ${TOPIC} → RocketMQSource → Broker order → Trigger → ${ORDER_SERVICE}`
      : `Broker order → Trigger → ${ORDER_SERVICE}`;
    say(`all Ready. A day in ${opts.minutes} min: ${route}`);
    const shape = { peakRate: opts.peakRate, valleyRate: opts.valleyRate };
    let dayStart = Date.now();
    const day = new DayProducer(
      send,
      new OrderGenerator(`o${dayStart.toString(36)}`, opts.seed === undefined ? {} : { seed: opts.seed }),
      () => orderRate(clock.at(Date.now() - dayStart), shape),
    );
    tracker = new StoreTracker(database, day.sent);
    const sampler = new Sampler(client, SERVICES, clock, day, tracker);
    const view = new LiveView(opts.screen, ORDER_SERVICE);
    const before = await readUsage(stack.api, ORDER_SERVICE);
    dayStart = Date.now();
    day.start();
    sampler.start(dayStart);
    for (let next = dayStart + 1000; next <= dayStart + clock.lengthMs; next += 1000) {
      await sleep(Math.max(0, next - Date.now()));
      const sample = await sampler.sample();
      view.update({
        sample,
        progress: (Date.now() - dayStart) / clock.lengthMs,
        totals: tracker.account(),
        route,
      });
    }
    view.end();
    await day.stop();
    const dayEnd = Date.now();
    const dayUsage = difference(await readUsage(stack.api, ORDER_SERVICE), before);
    const lostKeys = await drain(tracker, sampler, opts.drainSeconds ?? 60, say);
    const total = difference(await readUsage(stack.api, ORDER_SERVICE), before);
    const report = summarize({
      opts,
      rocketmq: stack.rocketmq !== undefined,
      samples: sampler.samples,
      latencies: sampler.latencies,
      accounting: tracker.account(),
      dayUsage,
      requests: total,
      daySeconds: (dayEnd - dayStart) / 1000,
    });
    if (day.stats.failed > 0)
      say(`${day.stats.failed} sends failed (not counted as produced): ${day.stats.lastError}`);
    if (day.stats.behind > 0) say(`the producer fell behind by ${day.stats.behind} orders (not sent)`);
    const files = await writeEffect(out, report);
    return { report, files, lostKeys };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    tracker?.close();
    await producer?.close().catch(() => {});
    await closeBroker?.().catch(() => {});
    say(stack.rocketmq ? 'stopping ebb up and RocketMQ' : 'stopping ebb up');
    await stack.stop();
    if (opts.keepData) say(`ebb up's data (logs, event log) kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Polls until every order sent is accounted for, or `seconds` pass without progress; returns lost keys. */
async function drain(tracker: StoreTracker, sampler: Sampler, seconds: number, say: (l: string) => void) {
  let last = tracker.account();
  let progressAt = Date.now();
  if (last.lost > 0) say(`the day is over; waiting for the last ${last.lost} orders in flight`);
  while (last.lost > 0 && Date.now() - progressAt < seconds * 1000) {
    await sleep(500);
    tracker.poll();
    sampler.latencies.push(...tracker.takeLatencies());
    const now = tracker.account();
    if (now.lost < last.lost) progressAt = Date.now();
    last = now;
  }
  return last.lostKeys;
}
