/**
 * Cold start: zero → first 200 through `ebb up`, next to the floor (spawning the same program directly and
 * waiting for its first 200), measured side by side in one run, BENCH_RUNS times.
 * Floor: spawn `node examples/hello/server.mjs` with a free PORT, in the environment Ebb gives replicas, and GET http://127.0.0.1:PORT/ every 5 ms
 * until it answers 200. Ebb: a min-scale 0 Service running the same program; once its revision is at zero
 * replicas (status.actualReplicas 0), one GET through the ingress (Host header, a fresh connection) is timed
 * until its 200. Each run does the floor first (with `ebb up` idle), then Ebb.
 * Scale-to-zero is shortened through the `config-autoscaler` ConfigMap (6 s stable window, 1 s grace).
 * Run: `npx tsc -p tsconfig.json && node dist/bench/cold-start.js`.
 * Env: BENCH_RUNS (5), BENCH_TIMEOUT_SECONDS (180, for the whole run).
 * Target (DESIGN.md): ≤ 1.5× the floor.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, request } from 'undici';
import { replicaEnv } from '../src/serving/runtime/env.js';
import { type EbbProcess, repoPath, runCli, startEbb } from '../test/helpers/ebb.js';
import { apiCall } from '../test/helpers/http.js';
import { actualReplicas, atZero, scaledUp } from './revision-scale.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 180);
const POLL_MS = 5;
const NAME = 'cold';
const HOST = `${NAME}.default.localhost`;
const REVISION = `${NAME}-00001`;
const APP = repoPath('examples', 'hello', 'server.mjs');
const SVC = '/apis/serving.knative.dev/v1/namespaces/default/services';

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

/** Spawns the program on a free port and polls it every 5 ms; ms from spawn to the first 200. */
async function floor(): Promise<number> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const t0 = performance.now();
  const child = spawn(process.execPath, [APP], {
    // The environment Ebb gives a replica: this process's env can hold variables that slow Node's startup
    // (NODE_EXTRA_CA_CERTS, NODE_OPTIONS) which Ebb does not pass through, and the floor must not pay them.
    env: replicaEnv({}, port),
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the program exited with ${child.exitCode}`);
      try {
        const res = await request(url, { reset: true });
        await res.body.dump();
        if (res.statusCode === 200) return performance.now() - t0;
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

/** One GET through the ingress on a fresh connection; ms until its 200. */
async function throughEbb(ebb: EbbProcess): Promise<number> {
  const client = new Client(ebb.ingressUrl);
  try {
    const t0 = performance.now();
    const res = await request(`${ebb.ingressUrl}/`, { dispatcher: client, headers: { host: HOST } });
    const text = await res.body.text();
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`cold request answered ${res.statusCode}: ${text.trim()}`);
    return ms;
  } finally {
    await client.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const list = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');

async function main(): Promise<void> {
  let stage = 'starting ebb up';
  const timeout = setTimeout(() => {
    console.log(`TIMED OUT after ${TIMEOUT_S} s (BENCH_TIMEOUT_SECONDS) while ${stage}`);
    process.exit(2); // the harness kills `ebb up` on exit
  }, TIMEOUT_S * 1000);
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
    const svc = await apiCall(ebb.apiUrl, 'POST', SVC, {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: NAME, namespace: 'default' },
      spec: {
        template: {
          metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '0' } },
          spec: { containers: [{ command: [process.execPath, APP] }] },
        },
      },
    });
    if (svc.status !== 201)
      throw new Error(`creating the service: ${svc.status} ${JSON.stringify(svc.body)}`);
    const wait = await runCli(['wait', 'ksvc', NAME, '--timeout', '30s'], { server: ebb.apiUrl });
    if (wait.code !== 0) throw new Error(`ebb wait ksvc ${NAME}: ${wait.stderr}`);
    console.log(
      `${RUNS} runs; floor: spawn ${process.execPath} examples/hello/server.mjs, poll every ${POLL_MS} ms; ` +
        `ebb: one GET through the ingress with the revision at 0 replicas`,
    );

    const floors: number[] = [];
    const ebbs: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      stage = `waiting for ${REVISION} to reach zero (run ${i})`;
      const waited = await atZero(ebb, REVISION);
      await sleep(200); // let the scale-down's process exit settle
      if ((await actualReplicas(ebb, REVISION)) !== 0)
        throw new Error(`${REVISION} scaled up without traffic`);
      stage = `measuring the floor (run ${i})`;
      const f = await floor();
      stage = `measuring the cold start through ebb (run ${i})`;
      const e = await throughEbb(ebb);
      await scaledUp(ebb, REVISION); // the Revision's status follows its replicas a moment later
      floors.push(f);
      ebbs.push(e);
      console.log(
        `run ${i}: floor ${f.toFixed(1)} ms   ebb ${e.toFixed(1)} ms   ratio ${(e / f).toFixed(2)}   ` +
          `(waited ${(waited / 1000).toFixed(1)} s for zero)`,
      );
    }
    const mf = median(floors);
    const me = median(ebbs);
    const ratio = me / mf;
    console.log(`floor  median ${mf.toFixed(1)} ms   runs: ${list(floors)}`);
    console.log(`ebb    median ${me.toFixed(1)} ms   runs: ${list(ebbs)}`);
    console.log(
      `ratio of medians ${ratio.toFixed(2)}x (target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'})`,
    );
  } finally {
    clearTimeout(timeout);
    await ebb.stop();
  }
}

await main();
