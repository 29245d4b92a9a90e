/**
 * Function cold start: zero → first 200 for a TypeScript function through `ebb up`, next to the floor,
 * measured side by side in one run, BENCH_RUNS times.
 * Floor: the same handler compiled once by esbuild to a temp .mjs, imported by the smallest node:http
 * server that calls `handle(context, body)`; spawn `node` on it with a free PORT (in the environment Ebb
 * gives replicas) and GET it every 5 ms until it answers 200.
 * Ebb: a min-scale 0 Service whose container runs `ebb func serve ./handler.ts` with `func deploy`'s httpGet
 * readiness/liveness probes; once its revision is at zero replicas, one GET through the ingress (Host
 * header, a fresh connection) is timed until its 200.
 * Where the time goes, without changing Ebb: `ebb func serve ./handler.ts` spawned directly (no platform)
 * and polled like the floor; the handler's own clock readings in its answer (its process's start, its
 * module evaluated, `handle` called — one machine, one wall clock); the runtime's `loaded in N ms`; and,
 * for Ebb, when the replica's log lines (`ebb: started pid`, written by the runtime right after spawn, and
 * the function's `listening`) arrive on the revision's log stream (`/log?follow=true`, which lags the
 * event itself by a few ms).
 * Run: `npx tsc -p tsconfig.json && node dist/bench/function-cold-start.js`.
 * Env: BENCH_RUNS (7), BENCH_TIMEOUT_SECONDS (240, for the whole run).
 * Target: ≤ 1.5× the floor.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, request } from 'undici';
import { stringify } from 'yaml';
import { EBB_CLI } from '../src/serving/runtime/command.js';
import { replicaEnv } from '../src/serving/runtime/env.js';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../test/helpers/ebb.js';
import { apiCall } from '../test/helpers/http.js';
import { actualReplicas, atZero, scaledUp } from './revision-scale.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 240);
const POLL_MS = 5;
const NAME = 'fn-cold';
const HOST = `${NAME}.default.localhost`;
const REVISION = `${NAME}-00001`;
const REV = '/apis/serving.knative.dev/v1/namespaces/default/revisions';

/**
 * A function as `func create -l typescript` shapes one (typed context, structured JSON return). It also
 * answers three of its own clock readings (wall-clock ms): when its process started
 * (`performance.timeOrigin`), when its module was evaluated, and when `handle` ran.
 */
const HANDLER = `
interface Context {
  method: string;
  query?: Record<string, string>;
  log: { info(...args: unknown[]): void };
}

const now = () => performance.timeOrigin + performance.now();
const evaluatedAt = now();

export const handle = async (context: Context, body?: unknown) => {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: {
      method: context.method,
      query: context.query ?? {},
      body: body ?? null,
      clock: { processStart: performance.timeOrigin, evaluatedAt, calledAt: now() },
    },
  };
};
`;

/** The floor: the compiled handler behind the least node:http can do. */
const FLOOR_SERVER = `
import { createServer } from 'node:http';
import { handle } from './handler.mjs';
createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const out = await handle({ method: req.method, headers: req.headers, log: console }, chunks.length ? Buffer.concat(chunks) : undefined);
  res.writeHead(out.statusCode, out.headers).end(JSON.stringify(out.body));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Wall-clock ms, comparable with the handler's readings. */
const now = () => performance.timeOrigin + performance.now();

/** The handler's clock readings, relative to when the cold start began (spawn or request). */
interface Clock {
  processStart: number;
  evaluatedAt: number;
  calledAt: number;
}

/** One cold start, every field ms from its beginning (spawn, or the request for Ebb). */
interface Timeline {
  /** The first 200. */
  total: number;
  /** The process's `performance.timeOrigin`. */
  processStart: number;
  /** The handler module evaluated (Node booted, the runtime's modules and the handler imported). */
  evaluated: number;
  /** `handle` called for the measured request. */
  called: number;
  /** `loaded in N ms` from the function runtime's listening line (serveFunction start → listening). */
  loaded?: number;
  /** Ebb only: the runtime's `started pid` line and the function's `listening` line arriving in its log. */
  spawnLine?: number;
  listeningLine?: number;
  /** Ebb only: a second request right after, on the warm replica. */
  warm?: number;
}

function relative(clock: Clock, start: number): Pick<Timeline, 'processStart' | 'evaluated' | 'called'> {
  return {
    processStart: clock.processStart - start,
    evaluated: clock.evaluatedAt - start,
    called: clock.calledAt - start,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Spawns `args` in `cwd` on a free port and polls it every 5 ms until a 200. */
async function spawnAndPoll(args: string[], cwd: string): Promise<Timeline> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const t0 = now();
  const child = spawn(process.execPath, args, {
    cwd,
    env: replicaEnv({}, port),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let loaded: number | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    const m = /loaded in (\d+) ms/.exec(chunk.toString('utf8'));
    if (m) loaded = Number(m[1]);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      try {
        const res = await request(url, { reset: true });
        const text = await res.body.text();
        if (res.statusCode === 200) {
          const total = now() - t0;
          await sleep(20); // let a listening line written just before the answer arrive
          const clock = JSON.parse(text).clock as Clock;
          return { total, ...relative(clock, t0), ...(loaded !== undefined ? { loaded } : {}) };
        }
      } catch {
        // not listening yet
      }
      await sleep(POLL_MS);
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

/** One GET through the ingress with the revision at zero, with the replica's log lines timed. */
async function throughEbb(ebb: EbbProcess): Promise<Timeline> {
  const logs = await request(`${ebb.apiUrl}${REV}/${REVISION}/log?follow=true&tailLines=0`);
  const seen: { at: number; line: string }[] = [];
  let rest = '';
  logs.body.on('data', (chunk: Buffer) => {
    const at = now();
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop()!;
    for (const line of lines) seen.push({ at, line });
  });
  const client = new Client(ebb.ingressUrl);
  try {
    const get = async () => {
      const t = now();
      const res = await request(`${ebb.ingressUrl}/`, { dispatcher: client, headers: { host: HOST } });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`the request answered ${res.statusCode}: ${text.trim()}`);
      return { t, ms: now() - t, clock: JSON.parse(text).clock as Clock };
    };
    const cold = await get();
    const { ms: warm } = await get();
    await sleep(50);
    const find = (re: RegExp) => seen.find((s) => re.test(s.line));
    const spawned = find(/ebb: started pid/);
    const listening = find(/listening on/);
    if (!spawned || !listening) throw new Error(`replica log lines missing: ${JSON.stringify(seen)}`);
    return {
      total: cold.ms,
      ...relative(cold.clock, cold.t),
      loaded: Number(/loaded in (\d+) ms/.exec(listening.line)?.[1]),
      spawnLine: spawned.at - cold.t,
      listeningLine: listening.at - cold.t,
      warm,
    };
  } finally {
    logs.body.destroy();
    await client.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
/** Nearest-rank percentile. */
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => x.toFixed(1).padStart(6);
const summary = (label: string, xs: number[]) =>
  `${label.padEnd(40)} median ${ms(median(xs))} ms   p90 ${ms(pct(xs, 90))} ms`;

/** Medians of each stage of `runs`: the differences between consecutive points of the timeline. */
function breakdown(label: string, runs: Timeline[]): void {
  const stage = (name: string, f: (t: Timeline) => number | undefined) => {
    const xs = runs.map(f).filter((x): x is number => x !== undefined && !Number.isNaN(x));
    if (xs.length) console.log(summary(`  ${label}: ${name}`, xs));
  };
  if (label === 'ebb') stage('request -> runtime spawns (log line)', (t) => t.spawnLine);
  stage(label === 'ebb' ? 'request -> process start' : 'spawn -> process start', (t) => t.processStart);
  stage('process start -> handler module evaluated', (t) => t.evaluated - t.processStart);
  stage('runtime: serve start -> listening (loaded in)', (t) => t.loaded);
  if (label === 'ebb')
    stage('handler evaluated -> listening (log line)', (t) => t.listeningLine! - t.evaluated);
  stage('handler evaluated -> handle() called', (t) => t.called - t.evaluated);
  stage('handle() called -> 200 at the client', (t) => t.total - t.called);
  if (label === 'ebb') stage('a warm request right after, for scale', (t) => t.warm);
}

/** The function's folder: handler.ts, its Service manifest, and the floor (compiled once by esbuild). */
async function prepare(): Promise<{ dir: string; floorDir: string; manifest: string }> {
  const dir = tmpDataDir('ebb-bench-fn-');
  writeFileSync(join(dir, 'handler.ts'), HANDLER);
  const floorDir = join(dir, 'floor');
  mkdirSync(floorDir);
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(dir, 'handler.ts')],
    outfile: join(floorDir, 'handler.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
  writeFileSync(join(floorDir, 'server.mjs'), FLOOR_SERVER);
  const manifest = join(dir, 'service.yaml');
  const container = {
    image: `ebb.dev/functions/${NAME}`,
    command: ['ebb', 'func', 'serve', './handler.ts'],
    readinessProbe: { httpGet: { path: '/health/readiness' } },
    livenessProbe: { httpGet: { path: '/health/liveness' } },
  };
  writeFileSync(
    manifest,
    stringify({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: NAME, namespace: 'default' },
      spec: {
        template: {
          metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '0' } },
          spec: { containers: [container] },
        },
      },
    }),
  );
  return { dir, floorDir, manifest };
}

async function main(): Promise<void> {
  let stage = 'preparing the function';
  const timeout = setTimeout(() => {
    console.log(`TIMED OUT after ${TIMEOUT_S} s (BENCH_TIMEOUT_SECONDS) while ${stage}`);
    process.exit(2); // the harness kills `ebb up` on exit
  }, TIMEOUT_S * 1000);
  const { dir, floorDir, manifest } = await prepare();
  stage = 'starting ebb up';
  const ebb = await startEbb();
  try {
    stage = 'configuring';
    const cm = await apiCall(ebb.apiUrl, 'POST', '/api/v1/namespaces/knative-serving/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
      data: { 'stable-window': '6s', 'scale-to-zero-grace-period': '1s' },
    });
    if (cm.status !== 201) throw new Error(`config-autoscaler: ${cm.status} ${JSON.stringify(cm.body)}`);
    const applied = await runCli(['apply', '-f', manifest], { server: ebb.apiUrl });
    if (applied.code !== 0) throw new Error(`ebb apply: ${applied.stderr}`);
    // The first replica compiles handler.ts into node_modules/.cache/ebb-func; cold starts reuse it.
    const wait = await runCli(['wait', 'ksvc', NAME, '--timeout', '30s'], { server: ebb.apiUrl });
    if (wait.code !== 0) throw new Error(`ebb wait ksvc ${NAME}: ${wait.stderr}`);
    console.log(
      `${RUNS} runs; floor: spawn node on handler.ts compiled to .mjs behind node:http, poll every ${POLL_MS} ms; ` +
        `ebb: one GET through the ingress to a TS function at 0 replicas`,
    );
    const floors: Timeline[] = [];
    const alone: Timeline[] = [];
    const colds: Timeline[] = [];
    for (let i = 1; i <= RUNS; i++) {
      stage = `waiting for ${REVISION} to reach zero (run ${i})`;
      const waited = await atZero(ebb, REVISION);
      await sleep(200); // let the scale-down's process exit settle
      if ((await actualReplicas(ebb, REVISION)) !== 0)
        throw new Error(`${REVISION} scaled up without traffic`);
      stage = `measuring the floor (run ${i})`;
      const f = await spawnAndPoll(['server.mjs'], floorDir);
      stage = `measuring ebb func serve alone (run ${i})`;
      const a = await spawnAndPoll([EBB_CLI, 'func', 'serve', './handler.ts'], dir);
      stage = `measuring the cold start through ebb (run ${i})`;
      const c = await throughEbb(ebb);
      await scaledUp(ebb, REVISION); // the Revision's status follows its replicas a moment later
      floors.push(f);
      alone.push(a);
      colds.push(c);
      console.log(
        `run ${i}: floor ${ms(f.total)} ms   func serve alone ${ms(a.total)} ms   ebb ${ms(c.total)} ms   ` +
          `ratio ${(c.total / f.total).toFixed(2)}   (waited ${(waited / 1000).toFixed(1)} s for zero)`,
      );
    }
    const total = (t: Timeline) => t.total;
    console.log(summary('floor (node + node:http)', floors.map(total)));
    console.log(summary('ebb func serve alone (no platform)', alone.map(total)));
    console.log(summary('ebb (zero -> first 200)', colds.map(total)));
    const ratio = median(colds.map(total)) / median(floors.map(total));
    console.log(
      `ratio of medians ${ratio.toFixed(2)}x (target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'})`,
    );
    console.log('where the time goes, ms from spawn (floor, alone) or from the request (ebb):');
    breakdown('floor', floors);
    breakdown('alone', alone);
    breakdown('ebb', colds);
  } finally {
    clearTimeout(timeout);
    await ebb.stop();
  }
}

await main();
