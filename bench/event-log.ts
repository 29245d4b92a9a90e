/**
 * The embedded event log: durable appends/s with group commit against the same appends without it (one
 * transaction, hence one fsync, per append), measured side by side in one run, then reads/s.
 * Each phase runs N concurrent appenders, each appending one event (1 KB of JSON data) and awaiting it
 * before the next, as broker ingress does per request.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/event-log.js`.
 * Env: BENCH_APPENDERS (64), BENCH_SECONDS (3 per phase), BENCH_EVENT_BYTES (1024), BENCH_DIR (os.tmpdir()).
 * Target (DESIGN.md): the durable broker accepts and delivers ≥ 10,000 events/s on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { SqliteEventLog, type SqliteEventLogOptions } from '../src/eventing/log/sqlite-log.js';
import type { EventRecord } from '../src/eventing/types.js';

const APPENDERS = Number(process.env.BENCH_APPENDERS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const EVENT_BYTES = Number(process.env.BENCH_EVENT_BYTES ?? 1024);
const STREAM = 'default/orders';
const READ_PAGE = 256;

const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'ebb-bench-event-log-'));

function makeEvent(i: number): EventRecord {
  const filler = 'x'.repeat(Math.max(0, EVENT_BYTES - 40));
  return {
    attributes: {
      specversion: '1.0',
      id: `order-${i}`,
      source: '/apis/v1/namespaces/default/rocketmqsources/orders',
      type: 'com.example.order.created',
      datacontenttype: 'application/json',
      time: new Date().toISOString(),
    },
    data: Buffer.from(JSON.stringify({ order: i, filler })),
  };
}

interface AppendResult {
  appends: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  commits: number;
  /** Longest the event loop was blocked, ms (a batch transaction runs synchronously). */
  loopMaxMs: number;
  log: SqliteEventLog;
}

async function appendPhase(name: string, options: SqliteEventLogOptions): Promise<AppendResult> {
  const log = SqliteEventLog.open(join(dir, `${name}.db`), options);
  const latency = createHistogram();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  let appends = 0;
  let running = true;
  const appender = async () => {
    while (running) {
      const start = process.hrtime.bigint();
      await log.append(STREAM, [makeEvent(appends)]);
      latency.record(Number(process.hrtime.bigint() - start) || 1);
      appends++;
    }
  };
  loop.enable();
  const commitsBefore = log.stats().commits;
  const t0 = performance.now();
  const workers = Array.from({ length: APPENDERS }, appender);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  running = false;
  await Promise.all(workers);
  const seconds = (performance.now() - t0) / 1000;
  loop.disable();
  return {
    appends,
    seconds,
    perSecond: appends / seconds,
    p50Ms: latency.percentile(50) / 1e6,
    p99Ms: latency.percentile(99) / 1e6,
    commits: log.stats().commits - commitsBefore,
    loopMaxMs: loop.max / 1e6,
    log,
  };
}

async function readPhase(log: SqliteEventLog): Promise<{ events: number; perSecond: number }> {
  let after = 0;
  let events = 0;
  const t0 = performance.now();
  for (;;) {
    const page = await log.read(STREAM, after, READ_PAGE);
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1]!.offset;
  }
  return { events, perSecond: events / ((performance.now() - t0) / 1000) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function report(label: string, r: AppendResult): void {
  console.log(
    `${label.padEnd(34)} ${fmt(r.perSecond).padStart(8)} appends/s  (${fmt(r.appends)} in ${r.seconds.toFixed(1)} s, ` +
      `${fmt(r.commits)} commits, ${(r.appends / Math.max(1, r.commits)).toFixed(1)} appends/commit, ` +
      `p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, event loop blocked ≤ ${r.loopMaxMs.toFixed(1)} ms)`,
  );
}

try {
  console.log(
    `event log bench: ${APPENDERS} concurrent appenders, ${EVENT_BYTES} B events, ${SECONDS} s per phase, in ${dir}`,
  );
  const grouped = await appendPhase('group-commit', {});
  report('group commit (default)', grouped);
  const single = await appendPhase('one-commit-per-append', { maxBatchSize: 1 });
  report('baseline: one commit per append', single);
  await single.log.close();
  const reads = await readPhase(grouped.log);
  console.log(
    `${'reads (pages of 256)'.padEnd(34)} ${fmt(reads.perSecond).padStart(8)} events/s  (${fmt(reads.events)} events)`,
  );
  await grouped.log.close();
  console.log(`group commit / baseline: ${(grouped.perSecond / single.perSecond).toFixed(2)}x`);
  console.log(`target ≥ 10,000 appends/s: ${grouped.perSecond >= 10_000 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
