/**
 * Router overhead: the same load straight to a replica, then through the Router, in one run. The replica
 * ("ok" over node:http) and the load generator (undici, N keep-alive connections each sending one request
 * after another) are child processes, as replicas and clients are in real use; the Router runs on an
 * http.Server in this process, as it does inside `ebb up`.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/router.js`.
 * Env: BENCH_CONNECTIONS (64), BENCH_SECONDS (5 per phase), BENCH_WARMUP_SECONDS (1), BENCH_RATE (the
 * open-loop phases' requests/s; default half the router's closed-loop rate).
 * Target (DESIGN.md): router throughput ≥ 0.7× direct; p99 added ≤ 1 ms.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { Router, writeUnknownHost } from '../src/serving/router/index.js';
import { childMessage } from './ipc.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const RATE = Number(process.env.BENCH_RATE ?? 0);
const HOST = 'hello.default.localhost';
const REVISION = 'default/hello-00001';

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the load generator during the measured window, µs. */
  cpuUs: number;
}

/** user + system CPU time of this process, µs. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Child: the replica. */
function runReplica(): void {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
    res.end('ok');
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', () => process.send!({ cpuUs: cpuNow() }));
}

/**
 * Child: load over `connections` keep-alive connections. `rate` 0 is closed-loop (each connection sends its
 * next request when the last one is answered); a positive rate is open-loop at that many requests/s, with
 * latency counted from when a request was due, so a stall is not hidden (no coordinated omission).
 */
async function runLoad(
  port: number,
  host: string,
  connections: number,
  seconds: number,
  warmup: number,
  rate: number,
) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
  const histogram = createHistogram();
  const headers = ['host', host];
  const options = { path: '/', method: 'GET' as const, headers };
  let measuring = false;
  let running = true;
  let outstanding = 0;
  let requests = 0;
  let errors = 0;
  let drained: () => void = () => {};

  class Shot {
    due = 0;
    ok = false;
    fire(due: number): void {
      this.due = due;
      outstanding++;
      pool.dispatch(options, this);
    }
    onConnect(): void {}
    onHeaders(status: number): boolean {
      this.ok = status === 200;
      return true;
    }
    onData(): boolean {
      return true;
    }
    onComplete(): void {
      this.done(this.ok);
    }
    onError(): void {
      this.done(false);
    }
    done(ok: boolean): void {
      outstanding--;
      if (measuring) {
        if (ok) {
          requests++;
          histogram.record(Math.max(1, Math.round((performance.now() - this.due) * 1000)));
        } else errors++;
      }
      if (running && rate === 0) setImmediate(() => this.fire(performance.now()));
      else if (!running && outstanding === 0) drained();
    }
  }

  let ticker: NodeJS.Timeout | undefined;
  if (rate === 0) {
    for (let i = 0; i < connections; i++) new Shot().fire(performance.now());
  } else {
    const t0 = performance.now();
    let issued = 0;
    ticker = setInterval(() => {
      const now = performance.now();
      const due = Math.floor(((now - t0) / 1000) * rate);
      for (; issued < due; issued++) new Shot().fire(t0 + (issued / rate) * 1000);
    }, 1);
  }
  await new Promise((r) => setTimeout(r, warmup * 1000));
  process.send!('start');
  measuring = true;
  const t0 = performance.now();
  const cpu0 = cpuNow();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const cpuUs = cpuNow() - cpu0;
  const elapsed = (performance.now() - t0) / 1000;
  process.send!('end');
  running = false;
  clearInterval(ticker);
  if (outstanding > 0) await new Promise<void>((resolve) => (drained = resolve));
  await pool.close();
  const result: LoadResult = {
    requests,
    errors,
    seconds: elapsed,
    p50Ms: histogram.percentile(50) / 1000,
    p99Ms: histogram.percentile(99) / 1000,
    cpuUs,
  };
  process.send!(result, () => process.exit(0));
}

interface Phase extends LoadResult {
  /** CPU time of the replica and of this process (the router) during the window, µs. */
  replicaCpuUs: number;
  routerCpuUs: number;
}

/** Runs one load phase; CPU use of every process is sampled at the measured window's edges. */
async function load(replica: ChildProcess, port: number, host: string, rate = 0): Promise<Phase> {
  const args = [
    'load',
    String(port),
    host,
    String(CONNECTIONS),
    String(SECONDS),
    String(WARMUP_SECONDS),
    String(rate),
  ];
  const child = fork(fileURLToPath(import.meta.url), args);
  const replicaCpu = () =>
    childMessage<{ cpuUs: number }>(replica, undefined, () => replica.send('cpu')).then((m) => m.cpuUs);
  const edges: Promise<[number, number]>[] = [];
  child.on('message', (m) => {
    if (m === 'start' || m === 'end') {
      const own = cpuNow();
      edges.push(replicaCpu().then((r) => [r, own]));
    }
  });
  const result = await childMessage<LoadResult>(child, (m) => typeof m === 'object');
  const [[r0, o0], [r1, o1]] = (await Promise.all(edges)) as [[number, number], [number, number]];
  return { ...result, replicaCpuUs: r1 - r0, routerCpuUs: o1 - o0 };
}

function rps(r: LoadResult): number {
  return r.requests / r.seconds;
}

function line(name: string, r: Phase): string {
  const per = (us: number) => (us / r.requests).toFixed(1).padStart(5);
  return (
    `${name.padEnd(7)} ${rps(r).toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(3)} ms   p99 ${r.p99Ms.toFixed(3)} ms   ` +
    `errors ${r.errors}   CPU µs/request: load ${per(r.cpuUs)}  replica ${per(r.replicaCpuUs)}  router ${per(r.routerCpuUs)}`
  );
}

async function main(): Promise<void> {
  const replica = fork(fileURLToPath(import.meta.url), ['replica']);
  const { port: replicaPort } = await childMessage<{ port: number }>(replica);

  const router = new Router();
  router.setRevision(REVISION, { containerConcurrency: 0, timeoutSeconds: 300 });
  router.setEndpoints(REVISION, [
    { id: `${REVISION}#1`, revision: REVISION, host: '127.0.0.1', port: replicaPort },
  ]);
  router.setRoute({
    id: 'default/hello',
    hosts: [HOST],
    visibility: 'external',
    targets: [{ revision: REVISION, percent: 100 }],
    tags: [],
  });
  const ingress = createServer((req, res) => {
    if (!router.handle(req, res)) writeUnknownHost(res, req.headers.host, router.hosts());
  });
  await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
  const ingressPort = (ingress.address() as AddressInfo).port;

  const directUrl = `127.0.0.1:${replicaPort}`;
  console.log(
    `closed loop: ${CONNECTIONS} connections, ${SECONDS}s per phase after ${WARMUP_SECONDS}s warm-up`,
  );
  const direct = await load(replica, replicaPort, directUrl);
  console.log(line('direct', direct));
  const routed = await load(replica, ingressPort, HOST);
  console.log(line('router', routed));
  const ratio = rps(routed) / rps(direct);
  const added = routed.p99Ms - direct.p99Ms;
  console.log(`throughput ratio ${ratio.toFixed(2)} (target >= 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'})`);
  console.log(`p99 added ${added.toFixed(3)} ms (target <= 1 ms: ${added <= 1 ? 'met' : 'NOT met'})`);

  // Saturated, latency is just connections / throughput; the latency a hop adds shows at a rate both
  // paths sustain.
  const rate = RATE > 0 ? RATE : Math.round(rps(routed) * 0.5);
  console.log(
    `open loop: ${rate} req/s offered on both paths (BENCH_RATE; default half the router's closed-loop rate)`,
  );
  const pacedDirect = await load(replica, replicaPort, directUrl, rate);
  console.log(line('direct', pacedDirect));
  const pacedRouted = await load(replica, ingressPort, HOST, rate);
  console.log(line('router', pacedRouted));
  const pacedAdded = pacedRouted.p99Ms - pacedDirect.p99Ms;
  console.log(
    `p99 added at ${rate} req/s ${pacedAdded.toFixed(3)} ms (target <= 1 ms: ${pacedAdded <= 1 ? 'met' : 'NOT met'})`,
  );

  router.close();
  ingress.closeAllConnections();
  ingress.close();
  replica.kill();
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'replica') runReplica();
else if (mode === 'load') {
  await runLoad(
    Number(args[0]),
    args[1]!,
    Number(args[2]),
    Number(args[3]),
    Number(args[4]),
    Number(args[5]),
  );
} else await main();
