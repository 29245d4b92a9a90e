#!/usr/bin/env node
// The demo: starts `ebb up` on free ports in a temporary data directory, runs the hello Service, applies
// the food-delivery example, sends order events through its broker, shows what Ebb made of it, and stops.
// Each step prints the command a user would type.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

const cli = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
const dataDir = mkdtempSync(join(tmpdir(), 'ebb-demo-'));
const up = spawn(
  process.execPath,
  [cli, 'up', '--data-dir', dataDir, '--api-port', '0', '--ingress-port', '0'],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
let output = '';
up.stdout.on('data', (d) => (output += d));
up.stderr.on('data', (d) => (output += d));

const step = (title) => console.log(`\n\x1b[1m== ${title}\x1b[0m`);
try {
  step('ebb up');
  const deadline = Date.now() + 20_000;
  while (!/Ingress:/.test(output)) {
    if (Date.now() > deadline || up.exitCode !== null) throw new Error(`ebb up did not start:\n${output}`);
    await sleep(50);
  }
  process.stdout.write(output);
  const server = /API:\s+(\S+)/.exec(output)[1];
  const ebb = (...args) => {
    console.log(`$ ebb ${args.join(' ')}`);
    const r = spawnSync(process.execPath, [cli, ...args, '--server', server], { encoding: 'utf8' });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.status;
  };
  const ingress = /Ingress:\s+(\S+)/.exec(output)[1];
  step('apply the hello Service and call it through the router');
  if (ebb('apply', '-f', 'examples/hello/service.yaml') !== 0) throw new Error('apply failed');
  if (ebb('wait', 'ksvc', 'hello', '--timeout', '30s') !== 0) throw new Error('hello did not become ready');
  console.log(`$ curl -H 'Host: hello.default.localhost' ${ingress}/`);
  // fetch() may not set Host; undici's request can, as curl does.
  const res = await request(`${ingress}/`, { headers: { host: 'hello.default.localhost' } });
  process.stdout.write(await res.body.text());

  step('apply the food-delivery example (Knative manifests, unchanged)');
  if (ebb('apply', '-f', 'examples/food-delivery/') !== 0) throw new Error('apply failed');
  ebb('wait', 'ksvc', 'order-service', '--timeout', '30s');
  ebb('wait', 'trigger', 'order-service-trigger', '--timeout', '30s');
  step('send order events to the broker: the trigger delivers them to order-service');
  for (let i = 1; i <= 3; i++) {
    ebb(
      'event',
      'send',
      '--to',
      'broker/order',
      '--type',
      'dev.knative.rocketmq.event',
      '--source',
      '/demo',
      '--data',
      `{"order":${i}}`,
    );
  }
  await sleep(500);
  ebb('logs', 'ksvc/order-service');
  step('what Ebb made of it');
  ebb('get', 'ksvc');
  ebb('get', 'revisions', '-o', 'wide');
  ebb('get', 'brokers');
  ebb('get', 'triggers');
  ebb('describe', 'ksvc', 'order-service');
  step('done: stopping ebb up (replicas stopped, log flushed)');
} catch (err) {
  console.error(String(err?.message ?? err));
  process.exitCode = 1;
} finally {
  up.kill('SIGTERM');
  await new Promise((r) => (up.exitCode !== null ? r() : up.once('exit', r)));
  rmSync(dataDir, { recursive: true, force: true });
}
