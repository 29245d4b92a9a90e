#!/usr/bin/env node
// The demo: starts a local RocketMQ (when Java 17 and Maven are installed) and `ebb up` on free ports in a
// temporary data directory, runs the hello Service, applies the food-delivery example, produces order
// messages to RocketMQ (the RocketMQSource turns them into CloudEvents on the broker; the trigger delivers
// them to order-service) — or, without Java, sends the events to the broker itself — shows what Ebb made of
// it, and stops everything. Each step prints the command a user would type.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

const cli = join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
const dataDir = mkdtempSync(join(tmpdir(), 'ebb-demo-'));
const rocketmqDir = join(dataDir, 'rocketmq');
const { javaAvailable } = await import('../dist/src/rocketmq/index.js');
const java = javaAvailable();
const run = (args) => {
  console.log(`$ ebb ${args.join(' ')}`);
  return spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' }).status;
};
const step = (title) => console.log(`\n\x1b[1m== ${title}\x1b[0m`);
let withRocketMQ = java.ok;
if (withRocketMQ) {
  step('ebb rocketmq up (the first run fetches RocketMQ through Maven, ~90 MB, then it is cached)');
  const args = [
    'rocketmq',
    'up',
    '--data-dir',
    rocketmqDir,
    '--topic',
    'topic-knative',
    '--group',
    'GID_Knative',
  ];
  if (run(args) !== 0) {
    console.log('RocketMQ did not start: the demo goes on without it');
    withRocketMQ = false;
  }
} else {
  console.log(`(RocketMQ part skipped: this machine lacks ${java.missing})`);
}
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
  if (withRocketMQ) {
    ebb('wait', 'rocketmqsource', 'orders', '--timeout', '60s');
    step('produce order messages to RocketMQ: source → broker → trigger → order-service');
    for (let i = 1; i <= 3; i++) {
      run([
        'rocketmq',
        'produce',
        '--data-dir',
        rocketmqDir,
        '--topic',
        'topic-knative',
        '--tag',
        'created',
        '--body',
        `{"order":${i}}`,
      ]);
    }
    await sleep(1500);
  } else {
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
  }
  await sleep(500);
  ebb('logs', 'ksvc/order-service');
  step('what Ebb made of it');
  ebb('get', 'ksvc');
  ebb('get', 'revisions', '-o', 'wide');
  ebb('get', 'brokers');
  ebb('get', 'triggers');
  ebb('get', 'rocketmqsources');
  ebb('describe', 'ksvc', 'order-service');
  step('done: stopping ebb up (replicas stopped, log flushed)');
} catch (err) {
  console.error(String(err?.message ?? err));
  process.exitCode = 1;
} finally {
  up.kill('SIGTERM');
  await new Promise((r) => (up.exitCode !== null ? r() : up.once('exit', r)));
  if (withRocketMQ) run(['rocketmq', 'down', '--data-dir', rocketmqDir]);
  rmSync(dataDir, { recursive: true, force: true });
}
