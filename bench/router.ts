/**
 * Router overhead: the same load straight to a replica, then through the Router, in one run. The replica
 * ("ok" over node:http) and the load generator (undici, N keep-alive connections each sending one request
 * after another) are child processes, as replicas and clients are in real use; the Router runs on an
 * http.Server in this process, as it does inside `ebb up`.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/router.js`.
 * Env: BENCH_CONNECTIONS (64), BENCH_SECONDS (5 per phase), BENCH_WARMUP_SECONDS (1).
 * Target (DESIGN.md): router throughput ≥ 0.7× direct; p99 added ≤ 1 ms.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { Router, writeUnknownHost } from '../src/serving/router/index.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const HOST = 'hello.default.localhost';
const REVISION = 'default/hello-00001';

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

/** Child: the replica. */
function runReplica(): void {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
    res.end('ok');
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
}

/** Child: closed-loop load over `connections` keep-alive connections; latency per request in µs. */
async function runLoad(port: number, host: string, connections: number, seconds: number, warmup: number) {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1 });
  const histogram = createHistogram();
  const headers = ['host', host];
  let measuring = false;
  let running = true;
  let requests = 0;
  let errors = 0;

  class Loop {
    started = 0;
    ok = false;
    finished: () => void = () => {};
    run(): Promise<void> {
      return new Promise((resolve) => {
        this.finished = resolve;
        this.next();
      });
    }
    next(): void {
      if (!running) return this.finished();
      this.started = performance.now();
      pool.dispatch({ path: '/', method: 'GET', headers }, this);
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
      if (measuring) {
        if (this.ok) {
          requests++;
          histogram.record(Math.max(1, Math.round((performance.now() - this.started) * 1000)));
        } else errors++;
      }
      this.next();
    }
    onError(): void {
      if (measuring) errors++;
      setImmediate(() => this.next());
    }
  }

  const loops = Array.from({ length: connections }, () => new Loop().run());
  await new Promise((r) => setTimeout(r, warmup * 1000));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all(loops);
  await pool.close();
  const result: LoadResult = {
    requests,
    errors,
    seconds: elapsed,
    p50Ms: histogram.percentile(50) / 1000,
    p99Ms: histogram.percentile(99) / 1000,
  };
  process.send!(result, () => process.exit(0));
}

function message<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

function load(port: number, host: string): Promise<LoadResult> {
  const args = ['load', String(port), host, String(CONNECTIONS), String(SECONDS), String(WARMUP_SECONDS)];
  return message<LoadResult>(fork(fileURLToPath(import.meta.url), args));
}

function line(name: string, r: LoadResult): string {
  const rps = r.requests / r.seconds;
  return `${name.padEnd(8)} ${rps.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(3)} ms   p99 ${r.p99Ms.toFixed(3)} ms   errors ${r.errors}`;
}

async function main(): Promise<void> {
  const replica = fork(fileURLToPath(import.meta.url), ['replica']);
  const { port: replicaPort } = await message<{ port: number }>(replica);

  const router = new Router();
  router.setRevision(REVISION, { containerConcurrency: 0, timeoutSeconds: 300 });
  router.setEndpoints(REVISION, [{ id: `${REVISION}#1`, revision: REVISION, host: '127.0.0.1', port: replicaPort }]);
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

  console.log(`${CONNECTIONS} connections, ${SECONDS}s per phase after ${WARMUP_SECONDS}s warm-up`);
  const direct = await load(replicaPort, `127.0.0.1:${replicaPort}`);
  console.log(line('direct', direct));
  const routed = await load(ingressPort, HOST);
  console.log(line('router', routed));

  const ratio = routed.requests / routed.seconds / (direct.requests / direct.seconds);
  const added = routed.p99Ms - direct.p99Ms;
  console.log(`throughput ratio ${ratio.toFixed(2)} (target >= 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'})`);
  console.log(`p99 added ${added.toFixed(3)} ms (target <= 1 ms: ${added <= 1 ? 'met' : 'NOT met'})`);

  router.close();
  ingress.closeAllConnections();
  ingress.close();
  replica.kill();
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'replica') runReplica();
else if (mode === 'load') await runLoad(Number(args[0]), args[1]!, Number(args[2]), Number(args[3]), Number(args[4]));
else await main();
