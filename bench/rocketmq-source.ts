/**
 * RocketMQ source throughput: messages/s from a RocketMQ topic to a subscriber through Ebb's RocketMQ source
 * adapter, against a bare `rocketmq-client-nodejs` SimpleConsumer receiving and acknowledging the same
 * messages, in one run on one local RocketMQ (name server + proxy JVMs on loopback).
 * N messages (~200 B JSON) are produced once; each phase consumes all N with its own consumer group, created
 * before producing so that every group starts at the first message. A bare and a source phase first, not
 * counted, warm the proxy JVM and this process's JIT; then bare, batched, source, source, batched, bare, so drift weighs on
 * both alike.
 * - bare: a SimpleConsumer driven as the adapter drives its own — 4 long-polling `receive(≤32, the adapter's
 *   invisible time)` loops, at most 256 received and unacknowledged, each message acknowledged on its own
 *   as soon as it arrives — and nothing else: the adapter's ceiling.
 * - batched: the same bare consumer acknowledging through the adapter's AckBatcher (one AckMessage request
 *   per event-loop turn instead of one per message), to show what the adapter's own batching is worth
 *   and what the HTTP hop to the sink costs on top of it.
 * - source: the adapter in this process with the defaults `ebb up` gives a source, sending each message as a
 *   CloudEvent over keep-alive HTTP to a subscriber (node:http, answers 202) in a child process, so the
 *   subscriber's CPU is not the adapter's, as in real use.
 * Each is timed from its consumer having started (receive loops launched) until every message was
 * acknowledged (for the source, after the subscriber saw it). Ids are checked against the produced ones and
 * duplicates counted. CPU per message is shown for this process, the subscriber and the proxy JVM: on a
 * small machine they share the cores, so the subscriber's CPU weighs on the source's rate.
 * Run: `npm run build && node dist/bench/rocketmq-source.js`. Skipped (exit 0) without Java and Maven.
 * Env: BENCH_MESSAGES (20,000 per phase), BENCH_WARMUP (1; 0 skips the warm-up phases), BENCH_ORDER
 * (bare,batched,source,source,batched,bare), BENCH_TIMEOUT_SECONDS (600, whole run). Target: source ≥ 0.8× bare consumer.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { Agent } from 'undici';
import { createLogger } from '../src/log.js';
import { clientLogger } from '../src/rocketmq/client.js';
import { javaAvailable, type LocalRocketMQ, produceMany, startLocalRocketMQ } from '../src/rocketmq/index.js';
import { AckBatcher } from '../src/sources/rocketmq/acks.js';
import { RocketMQAdapter } from '../src/sources/rocketmq/index.js';
import {
  AWAIT_MS,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_RECEIVERS,
  invisibleMs,
  MAX_BATCH_SIZE,
} from '../src/sources/rocketmq/options.js';
import { childMessage, serveSubscriber } from './ipc.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const WARMUP = process.env.BENCH_WARMUP !== '0';
type Kind = 'bare' | 'batched' | 'source';
const KINDS: readonly Kind[] = ['bare', 'batched', 'source'];
const ORDER = (process.env.BENCH_ORDER ?? 'bare,batched,source,source,batched,bare').split(',') as Kind[];
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 600);
const BODY_BYTES = 200;
const PRODUCE_CONCURRENCY = 64;
const TOPIC = 'ebb-bench';
/** The delivery policy `ebb up` gives a source with no `delivery` (no per-attempt timeout set). */
const DELIVERY = { retry: 0, backoffPolicy: 'exponential' as const, backoffDelayMs: 200 };
const INVISIBLE_MS = invisibleMs(DELIVERY);

const nowMs = (): number => performance.timeOrigin + performance.now();

/** user + system CPU time of this process, µs. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** user + system CPU time of another process from /proc, µs (0 where /proc is missing). */
function cpuOfPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime + stime, 100 ticks a second
  } catch {
    return 0;
  }
}

/** Which produced ids were seen, how many were seen again, and how many were never produced. */
class IdTally {
  readonly seen = new Set<string>();
  duplicates = 0;
  foreign = 0;
  constructor(readonly expected: Set<string>) {}
  see(id: unknown): void {
    if (typeof id !== 'string' || !this.expected.has(id)) this.foreign++;
    else if (this.seen.has(id)) this.duplicates++;
    else this.seen.add(id);
  }
  get counts(): Counts {
    return { distinct: this.seen.size, duplicates: this.duplicates, foreign: this.foreign };
  }
}
type Counts = { distinct: number; duplicates: number; foreign: number };

// ---------------------------------------------------------------------------------------------------------
// Child: the subscriber.

type ToSubscriber = { cmd: 'expect'; phase: string; ids: string[] } | { cmd: 'stats' };
type SubscriberStats = Counts & { cpuUs: number };

function runSubscriber(): void {
  let phase = '';
  let tally = new IdTally(new Set());
  serveSubscriber((headers) => {
    const before = tally.seen.size;
    tally.see(headers['ce-id']);
    if (tally.seen.size > before && tally.seen.size === tally.expected.size) process.send!({ done: phase });
  });
  process.on('message', (m: ToSubscriber) => {
    if (m.cmd === 'expect') {
      phase = m.phase;
      tally = new IdTally(new Set(m.ids));
      process.send!({ expecting: phase });
    } else process.send!({ stats: { ...tally.counts, cpuUs: cpuNow() } satisfies SubscriberStats });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Parent: the phases and the run.

interface PhaseResult extends Counts {
  /** Messages timed. */
  count: number;
  ms: number;
  /** CPU during the phase, µs: this process, the subscriber child, the proxy JVM. */
  benchCpuUs: number;
  subscriberCpuUs: number;
  proxyCpuUs: number;
  note: string;
}

/** What every phase works with: RocketMQ, the produced ids, the subscriber child and its port. */
type Run = { mq: LocalRocketMQ; ids: string[]; idSet: Set<string>; child: ChildProcess; port: number };

const progress = { phase: 'setup', done: () => '' };

/** Starts the clock and the CPU counters; the function returned reads them. */
function meter(mq: LocalRocketMQ) {
  const [t0, cpu0, proxy0] = [nowMs(), cpuNow(), cpuOfPid(mq.pids.proxy)];
  return () => ({
    ms: nowMs() - t0,
    benchCpuUs: cpuNow() - cpu0,
    proxyCpuUs: cpuOfPid(mq.pids.proxy) - proxy0,
  });
}

/** The bare SimpleConsumer, until every produced message is acknowledged. */
async function bare({ mq, idSet: ids }: Run, group: string, batchedAcks: boolean): Promise<PhaseResult> {
  const consumer = new SimpleConsumer({
    endpoints: mq.proxyEndpoint,
    namespace: '',
    logger: clientLogger,
    consumerGroup: group,
    subscriptions: new Map([[TOPIC, new FilterExpression('*')]]),
    awaitDuration: AWAIT_MS,
  });
  await consumer.startup();
  const acks = new AckBatcher(consumer, group, TOPIC);
  const tally = new IdTally(ids);
  const acked = new Set<string>();
  let failures = 0;
  let unsettled = 0; // received, acknowledgement not answered yet
  let reserved = 0; // asked for by receive calls under way
  let stopping = false;
  const waiters: (() => void)[] = [];
  const free = () => DEFAULT_MAX_IN_FLIGHT - unsettled - reserved;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  progress.done = () => `${acked.size}/${ids.size} acknowledged`;

  const ack = async (m: Awaited<ReturnType<SimpleConsumer['receive']>>[number]): Promise<void> => {
    try {
      await (batchedAcks ? acks.ack(m) : consumer.ack(m));
      if (ids.has(m.messageId)) acked.add(m.messageId);
      if (acked.size === ids.size) finish();
    } catch {
      failures++;
    } finally {
      unsettled--;
      for (const wake of waiters.splice(0)) wake();
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopping) {
      while (free() <= 0) await new Promise<void>((resolve) => waiters.push(resolve));
      const room = Math.min(MAX_BATCH_SIZE, free());
      reserved += room;
      try {
        for (const m of await consumer.receive(room, INVISIBLE_MS)) {
          tally.see(m.messageId);
          unsettled++;
          void ack(m);
        }
      } catch {
        failures++;
        if (!stopping) await sleep(1_000);
      } finally {
        reserved -= room;
      }
    }
  };

  const stop = meter(mq);
  const loops = Array.from({ length: DEFAULT_RECEIVERS }, loop);
  await finished;
  const measured = stop();
  stopping = true;
  await Promise.allSettled(loops); // the last long polls end within AWAIT_MS
  await consumer.shutdown().catch(() => {});
  const note = `receive/ack failures ${failures}`;
  return { count: ids.size, ...measured, ...tally.counts, subscriberCpuUs: 0, note };
}

/** The adapter with `ebb up`'s defaults, delivering to the subscriber child at `port`. */
async function source({ mq, ids, child, port }: Run, group: string): Promise<PhaseResult> {
  const ask = <T>(message: ToSubscriber, accept: (m: any) => boolean) =>
    childMessage<T>(child, accept, () => child.send(message));
  await ask({ cmd: 'expect', phase: group, ids }, (m) => m?.expecting === group);
  const stats = () =>
    ask<{ stats: SubscriberStats }>({ cmd: 'stats' }, (m) => m?.stats !== undefined).then((m) => m.stats);
  const http = new Agent({ keepAliveTimeout: 4_000 });
  const adapter = new RocketMQAdapter({
    endpoints: mq.proxyEndpoint,
    topic: TOPIC,
    consumerGroup: group,
    selector: { type: 'TAG', expression: '*' },
    sinkUri: `http://127.0.0.1:${port}/`,
    namespace: 'default',
    name: 'bench',
    delivery: DELIVERY,
    http,
    logger: createLogger('bench-rocketmq-source'),
  });
  const seenAll = childMessage(child, (m) => m?.done === group);
  const sub0 = (await stats()).cpuUs;
  progress.done = () => `${adapter.stats.delivered}/${ids.length} delivered`;
  await adapter.start(); // launches the receive loops just before it resolves
  const stop = meter(mq);
  await seenAll;
  while (adapter.stats.delivered < ids.length) await sleep(1); // acknowledged after the subscriber's 202
  const measured = stop();
  const sub = await stats();
  await adapter.close();
  await http.close();
  const { failed, redelivered, ackFailed } = adapter.stats;
  const note = `delivery failures ${failed}, redelivered ${redelivered}, ack failures ${ackFailed}`;
  return { count: ids.length, ...measured, ...sub, subscriberCpuUs: sub.cpuUs - sub0, note };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const rate = (r: PhaseResult) => r.count / (r.ms / 1000);
function report(name: string, r: PhaseResult): void {
  const per = (us: number) => fmt(us / r.count, 1);
  console.log(
    `${name.padEnd(8)} ${fmt(rate(r)).padStart(6)} msgs/s  ${fmt(r.ms)} ms  seen ${r.distinct}/${r.count}` +
      `  duplicates ${r.duplicates}  unexpected ${r.foreign}  ${r.note}`,
  );
  console.log(
    `         CPU µs/msg: bench ${per(r.benchCpuUs)}  subscriber ${per(r.subscriberCpuUs)}  proxy JVM ${per(r.proxyCpuUs)}`,
  );
  if (r.distinct < r.count) throw new Error(`${name}: saw ${r.distinct} of ${r.count} messages`);
}

async function main(): Promise<void> {
  if (ORDER.some((kind) => !KINDS.includes(kind)))
    throw new Error(`BENCH_ORDER lists phases ${KINDS.join(', ')}; was: ${ORDER.join(',')}`);
  const check = javaAvailable();
  if (!check.ok) {
    console.log(`RocketMQ source bench skipped: this machine lacks ${check.missing}`);
    return;
  }
  const load0 = loadavg()[0]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'ebb-bench-rocketmq-'));
  const child = fork(fileURLToPath(import.meta.url), ['subscriber']);
  let mq: LocalRocketMQ | undefined;
  const timeout = setTimeout(() => {
    console.log(`TIMED OUT after ${TIMEOUT_S} s in phase ${progress.phase}: ${progress.done()}`);
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(2); // the JVMs are killed on exit
  }, TIMEOUT_S * 1000);
  try {
    const { port } = await childMessage<{ port: number }>(child, (m) => typeof m?.port === 'number');
    mq = await startLocalRocketMQ({ dataDir });
    const phases = [
      ...(WARMUP ? (['bare', 'source'] as const) : []).map((kind) => ({ kind, counted: false })),
      ...ORDER.map((kind) => ({ kind, counted: true })),
    ].map((p, i) => ({ ...p, group: `ebb-bench-${i + 1}-${p.kind}` }));
    await mq.createTopic(TOPIC);
    for (const { group } of phases) await mq.createGroup(group);

    progress.phase = 'produce';
    const pad = 'x'.repeat(BODY_BYTES - 60);
    const bodies = Array.from({ length: MESSAGES }, (_, i) => ({
      body: JSON.stringify({ order: i, at: new Date().toISOString(), pad }),
    }));
    const p0 = nowMs();
    const ids = await produceMany(mq.proxyEndpoint, TOPIC, bodies, PRODUCE_CONCURRENCY);
    const run: Run = { mq, ids, idSet: new Set(ids), child, port };
    console.log(
      `${MESSAGES} messages of ${bodies[0]!.body.length} B produced in ${fmt((nowMs() - p0) / 1000, 1)} s; ` +
        `each phase consumes them all; receivers ${DEFAULT_RECEIVERS}, ` +
        `batch ${MAX_BATCH_SIZE}, max in flight ${DEFAULT_MAX_IN_FLIGHT}, invisible ${INVISIBLE_MS} ms`,
    );
    const rates: Record<Kind, number[]> = { bare: [], batched: [], source: [] };
    const cpu: Record<Kind, number[]> = { bare: [], batched: [], source: [] };
    for (const { kind, counted, group } of phases) {
      progress.phase = group;
      const r = kind === 'source' ? await source(run, group) : await bare(run, group, kind === 'batched');
      report(counted ? kind : `(${kind})`, r);
      if (!counted) continue;
      rates[kind].push(rate(r));
      cpu[kind].push(r.benchCpuUs / r.count);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const kind of KINDS) {
      if (rates[kind].length === 0) continue;
      console.log(
        `mean ${kind.padEnd(6)} ${fmt(mean(rates[kind])).padStart(6)} msgs/s  bench CPU ` +
          `${fmt(mean(cpu[kind]), 1)} µs/msg  (${rates[kind].map((r) => fmt(r)).join(', ')})`,
      );
    }
    console.log(
      `load average (1 min) ${fmt(load0, 1)} at start, ${fmt(loadavg()[0]!, 1)} at end (${cpus().length} CPUs)`,
    );
    if (rates.source.length === 0) return;
    if (rates.bare.length > 0) {
      const ratio = mean(rates.source) / mean(rates.bare);
      console.log(
        `source/bare ratio ${fmt(ratio, 2)} (target >= 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'}; bare = the client's ack() per message)`,
      );
    }
    if (rates.batched.length > 0) {
      const ratio = mean(rates.source) / mean(rates.batched);
      console.log(
        `source/batched ratio ${fmt(ratio, 2)} (batched = the bare consumer with the adapter's batched acks)`,
      );
    }
  } finally {
    clearTimeout(timeout);
    child.kill();
    await mq?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'subscriber') runSubscriber();
else await main();
