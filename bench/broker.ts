/**
 * Durable broker throughput: N CloudEvents POSTed straight to a subscriber (the baseline), then the same N
 * events POSTed to a Broker's ingress inside `ebb up`, with one Trigger delivering them to that subscriber,
 * side by side in one run.
 * The subscriber (node:http, answers 202 with no body) runs in a child process, so its CPU is not the load
 * generator's; it counts distinct events and computes end-to-end latency as now − `ce-sentat` (ms, set by
 * the load generator just before each POST). The load generator (undici, BENCH_CONNECTIONS keep-alive
 * connections, closed loop) runs in this process; `ebb up` is a third process.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/broker.js`.
 * Env: BENCH_EVENTS (50,000 per phase), BENCH_CONNECTIONS (64), BENCH_EVENT_BYTES (JSON body size, 128),
 * BENCH_WARMUP_EVENTS (1,000 per phase, not measured), BENCH_TIMEOUT_SECONDS (120, for the whole run).
 * Target (DESIGN.md): ≥ 10,000 events/s accepted and delivered (durable); ≥ 0.5× a direct POST.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { type EbbProcess, runCli, startEbb } from '../test/helpers/ebb.js';
import { apiCall } from '../test/helpers/http.js';
import { childMessage, serveSubscriber } from './ipc.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const EVENT_BYTES = Number(process.env.BENCH_EVENT_BYTES ?? 128);
const WARMUP_EVENTS = Number(process.env.BENCH_WARMUP_EVENTS ?? 1_000);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 120);
const BROKER = 'bench';
const TRIGGER = 't';
const EVENTING = '/apis/eventing.knative.dev/v1/namespaces/default';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on this machine. */
const nowMs = (): number => performance.timeOrigin + performance.now();

/** user + system CPU time of this process, µs. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * user + system CPU time of another process from /proc, µs (0 where /proc is missing). With `mainThread`,
 * only its main thread's (the event loop: the broker's bottleneck, while fsyncs run on other threads).
 */
function cpuOfPid(pid: number, mainThread = false): number {
  try {
    const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) are at 11 and 12 after the command; clock ticks, 100 per second.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Child: the subscriber.

type ToSubscriber = { cmd: 'reset'; phase: string; target: number } | { cmd: 'stats' };

interface SubscriberStats {
  phase: string;
  /** Distinct events of the current phase seen. */
  distinct: number;
  /** Requests received in the current phase, duplicates and other phases' events included. */
  received: number;
  duplicates: number;
  /** Deliveries of events from another phase (e.g. a late warm-up event). */
  foreign: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** nowMs() when `distinct` reached the target, or 0. */
  doneAt: number;
  cpuUs: number;
}

function runSubscriber(): void {
  let phase = '';
  let target = Number.POSITIVE_INFINITY;
  let seen = new Set<string>();
  let received = 0;
  let duplicates = 0;
  let foreign = 0;
  let doneAt = 0;
  let histogram = createHistogram();

  serveSubscriber((headers) => {
    const arrived = nowMs();
    received++;
    const id = headers['ce-id'];
    if (typeof id === 'string' && id.startsWith(`${phase}-`)) {
      if (seen.has(id)) duplicates++;
      else {
        seen.add(id);
        const sentAt = Number(headers['ce-sentat']);
        if (Number.isFinite(sentAt)) histogram.record(Math.max(1, Math.round((arrived - sentAt) * 1000)));
        if (seen.size === target) {
          doneAt = arrived;
          process.send!({ done: phase, at: doneAt });
        }
      }
    } else foreign++;
  });

  process.on('message', (m: ToSubscriber) => {
    if (m.cmd === 'reset') {
      phase = m.phase;
      target = m.target;
      seen = new Set();
      received = duplicates = foreign = doneAt = 0;
      histogram = createHistogram();
      process.send!({ reset: phase });
    } else {
      const stats: SubscriberStats = {
        phase,
        distinct: seen.size,
        received,
        duplicates,
        foreign,
        p50Ms: seen.size ? histogram.percentile(50) / 1000 : Number.NaN,
        p99Ms: seen.size ? histogram.percentile(99) / 1000 : Number.NaN,
        maxMs: seen.size ? histogram.max / 1000 : Number.NaN,
        doneAt,
        cpuUs: cpuNow(),
      };
      process.send!({ stats });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Parent: the load generator and the run.

class Subscriber {
  constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {}
  async reset(phase: string, target: number): Promise<void> {
    await childMessage(
      this.child,
      (m) => m?.reset === phase,
      () => this.child.send({ cmd: 'reset', phase, target } satisfies ToSubscriber),
    );
  }
  async stats(): Promise<SubscriberStats> {
    const m = await childMessage<{ stats: SubscriberStats }>(
      this.child,
      (x) => x?.stats !== undefined,
      () => this.child.send({ cmd: 'stats' } satisfies ToSubscriber),
    );
    return m.stats;
  }
  /** Resolves with nowMs() at which the subscriber saw every event of `phase`. */
  done(phase: string): Promise<number> {
    return childMessage<{ at: number }>(this.child, (m) => m?.done === phase).then((m) => m.at);
  }
}

interface SendResult {
  /** nowMs() before the first POST and after the last 202. */
  startAt: number;
  endAt: number;
  /** Non-202 answers and transport errors; each such event was sent again. */
  rejected: number;
  rejectedSample: string[];
  /** Time from POST to 202 as the load generator saw it, ms. */
  p50Ms: number;
  p99Ms: number;
  cpuUs: number;
}

/** Progress of the phase under way, for the timeout message. */
const progress = { phase: 'setup', accepted: 0 };

/**
 * POSTs `count` events (ids `${phase}-0` …) to `origin` + `path` over CONNECTIONS connections, closed loop:
 * each connection sends its next event once the last one is answered 202. An event answered otherwise is sent
 * again after a short pause, so every event is accepted in the end.
 */
async function send(origin: string, path: string, phase: string, count: number): Promise<SendResult> {
  const pool = new Pool(origin, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000 });
  const histogram = createHistogram();
  const pad = 'x'.repeat(Math.max(0, EVENT_BYTES - 30));
  let next = 0;
  let rejected = 0;
  const rejectedSample: string[] = [];
  progress.phase = phase;
  progress.accepted = 0;
  const cpu0 = cpuNow();
  const startAt = nowMs();

  const post = async (i: number): Promise<void> => {
    for (;;) {
      const sentAt = nowMs();
      let failure: string;
      try {
        const res = await pool.request({
          path,
          method: 'POST',
          headers: {
            'ce-specversion': '1.0',
            'ce-id': `${phase}-${i}`,
            'ce-type': 'dev.ebb.bench',
            'ce-source': '/bench/broker',
            'ce-sentat': sentAt.toFixed(3),
            'content-type': 'application/json',
          },
          body: `{"i":${i},"pad":"${pad}"}`,
        });
        const text = await res.body.text();
        if (res.statusCode === 202) {
          histogram.record(Math.max(1, Math.round((nowMs() - sentAt) * 1000)));
          progress.accepted++;
          return;
        }
        failure = `${res.statusCode} ${text.slice(0, 200)}`;
      } catch (err) {
        failure = String(err);
      }
      rejected++;
      if (rejectedSample.length < 3) rejectedSample.push(failure);
      if (rejected > count)
        throw new Error(`more rejections than events; e.g. ${rejectedSample.join(' | ')}`);
      await sleep(10);
    }
  };

  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < count) await post(next++);
    }),
  );
  const endAt = nowMs();
  const cpuUs = cpuNow() - cpu0;
  await pool.close();
  return {
    startAt,
    endAt,
    rejected,
    rejectedSample,
    p50Ms: histogram.percentile(50) / 1000,
    p99Ms: histogram.percentile(99) / 1000,
    cpuUs,
  };
}

interface PhaseResult {
  sent: SendResult;
  deliveredAt: number;
  sub: SubscriberStats;
  /** CPU used during the phase, µs. */
  subscriberCpuUs: number;
  ebbCpuUs: number;
  /** CPU of ebb's main thread (its event loop) alone, µs. */
  ebbLoopCpuUs: number;
}

/** Warm-up (not measured), then `EVENTS` events to `origin` + `path`, until the subscriber has seen them all. */
async function phase(
  sub: Subscriber,
  name: string,
  origin: string,
  path: string,
  ebbPid?: number,
): Promise<PhaseResult> {
  if (WARMUP_EVENTS > 0) {
    await sub.reset(`${name}warm`, WARMUP_EVENTS);
    const warmed = sub.done(`${name}warm`);
    await send(origin, path, `${name}warm`, WARMUP_EVENTS);
    await warmed;
  }
  await sub.reset(name, EVENTS);
  const delivered = sub.done(name);
  const subCpu0 = (await sub.stats()).cpuUs;
  const ebbCpu0 = ebbPid ? cpuOfPid(ebbPid) : 0;
  const ebbLoopCpu0 = ebbPid ? cpuOfPid(ebbPid, true) : 0;
  const sent = await send(origin, path, name, EVENTS);
  progress.phase = `${name} (all ${EVENTS} accepted, waiting for delivery)`;
  const deliveredAt = await delivered;
  const ebbCpu1 = ebbPid ? cpuOfPid(ebbPid) : 0;
  const ebbLoopCpu1 = ebbPid ? cpuOfPid(ebbPid, true) : 0;
  const stats = await sub.stats();
  return {
    sent,
    deliveredAt,
    sub: stats,
    subscriberCpuUs: stats.cpuUs - subCpu0,
    ebbCpuUs: ebbCpu1 - ebbCpu0,
    ebbLoopCpuUs: ebbLoopCpu1 - ebbLoopCpu0,
  };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function createBroker(ebb: EbbProcess, subscriberPort: number): Promise<string> {
  const broker = await apiCall(ebb.apiUrl, 'POST', `${EVENTING}/brokers`, {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: { name: BROKER },
  });
  if (broker.status !== 201)
    throw new Error(`creating the broker: ${broker.status} ${JSON.stringify(broker.body)}`);
  const trigger = await apiCall(ebb.apiUrl, 'POST', `${EVENTING}/triggers`, {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Trigger',
    metadata: { name: TRIGGER },
    spec: { broker: BROKER, subscriber: { uri: `http://127.0.0.1:${subscriberPort}/` } },
  });
  if (trigger.status !== 201)
    throw new Error(`creating the trigger: ${trigger.status} ${JSON.stringify(trigger.body)}`);
  for (const [kind, name] of [
    ['broker', BROKER],
    ['trigger', TRIGGER],
  ] as const) {
    const out = await runCli(['wait', kind, name, '--timeout', '30s'], { server: ebb.apiUrl });
    if (out.code !== 0) throw new Error(`ebb wait ${kind} ${name}: ${out.stderr}`);
  }
  const status = await apiCall(ebb.apiUrl, 'GET', `${EVENTING}/brokers/${BROKER}`);
  return status.body?.status?.address?.url ?? `${ebb.ingressUrl}/default/${BROKER}`;
}

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['subscriber']);
  let ebb: EbbProcess | undefined;
  const timeout = setTimeout(() => {
    console.log(
      `TIMED OUT after ${TIMEOUT_S} s (BENCH_TIMEOUT_SECONDS) in phase ${progress.phase}: ` +
        `${progress.accepted}/${EVENTS} accepted so far`,
    );
    child.kill('SIGKILL');
    // The harness kills `ebb up` on exit.
    process.exit(2);
  }, TIMEOUT_S * 1000);
  try {
    const { port } = await childMessage<{ port: number }>(child, (m) => typeof m?.port === 'number');
    const sub = new Subscriber(child, port);
    console.log(
      `${EVENTS} events per phase (${WARMUP_EVENTS} warm-up first), ${CONNECTIONS} connections, ` +
        `~${EVENT_BYTES} B JSON bodies, closed loop; subscriber in a child process`,
    );

    const direct = await phase(sub, 'direct', `http://127.0.0.1:${port}`, '/');

    ebb = await startEbb();
    const address = new URL(await createBroker(ebb, port));
    const broker = await phase(sub, 'broker', address.origin, address.pathname, ebb.pid);

    const directRate = EVENTS / ((direct.deliveredAt - direct.sent.startAt) / 1000);
    const acceptedRate = EVENTS / ((broker.sent.endAt - broker.sent.startAt) / 1000);
    const deliveredRate = EVENTS / ((broker.deliveredAt - broker.sent.startAt) / 1000);
    const per = (us: number) => fmt(us / EVENTS, 1);
    const extras = (r: PhaseResult) =>
      `rejected ${r.sent.rejected}, duplicates ${r.sub.duplicates}` +
      (r.sent.rejectedSample.length ? ` (e.g. ${r.sent.rejectedSample[0]})` : '');

    console.log(
      `direct: ${fmt(directRate).padStart(6)} events/s   POST→response p50 ${fmt(direct.sent.p50Ms, 2)} ms ` +
        `p99 ${fmt(direct.sent.p99Ms, 2)} ms   send→subscriber p50 ${fmt(direct.sub.p50Ms, 2)} ms ` +
        `p99 ${fmt(direct.sub.p99Ms, 2)} ms   ${extras(direct)}`,
    );
    console.log(
      `        CPU µs/event: load ${per(direct.sent.cpuUs)}  subscriber ${per(direct.subscriberCpuUs)}`,
    );
    console.log(
      `broker: ${fmt(acceptedRate).padStart(6)} events/s accepted (202, durable)   POST→202 p50 ` +
        `${fmt(broker.sent.p50Ms, 2)} ms p99 ${fmt(broker.sent.p99Ms, 2)} ms   ${extras(broker)}`,
    );
    console.log(
      `        ${fmt(deliveredRate).padStart(6)} events/s delivered (first POST → subscriber saw all ${EVENTS})   ` +
        `end-to-end p50 ${fmt(broker.sub.p50Ms, 2)} ms p99 ${fmt(broker.sub.p99Ms, 2)} ms max ${fmt(broker.sub.maxMs, 1)} ms`,
    );
    console.log(
      `        CPU µs/event: load ${per(broker.sent.cpuUs)}  ebb ${per(broker.ebbCpuUs)} ` +
        `(event loop ${per(broker.ebbLoopCpuUs)})  subscriber ${per(broker.subscriberCpuUs)}`,
    );
    const ratio = deliveredRate / directRate;
    const slowest = Math.min(acceptedRate, deliveredRate);
    console.log(
      `delivered/direct ratio ${fmt(ratio, 2)} (target >= 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `durable >= 10,000 events/s accepted and delivered: ${slowest >= 10_000 ? 'met' : 'NOT met'} ` +
        `(accepted ${fmt(acceptedRate)}, delivered ${fmt(deliveredRate)})`,
    );
  } finally {
    clearTimeout(timeout);
    child.kill();
    await ebb?.stop();
  }
}

if (process.argv[2] === 'subscriber') runSubscriber();
else await main();
