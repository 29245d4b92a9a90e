#!/usr/bin/env node
// Starts, stops and inspects a local RocketMQ (name server + local-mode proxy with the broker inside) for
// development, tests and the demo, through the compiled module in dist/. State lives in the data dir's pid
// file (rocketmq.pid.json), so `down` and `status` work from any shell.
//
//   node scripts/rocketmq/local.mjs up     [--data-dir DIR] [--topic T]... [--fifo-topic T]...
//                                          [--group G]... [--fifo-group G]... [--json]
//   node scripts/rocketmq/local.mjs down   [--data-dir DIR]
//   node scripts/rocketmq/local.mjs status [--data-dir DIR] [--json]
//
// DIR defaults to $EBB_ROCKETMQ_DATA_DIR, else ./.ebb/rocketmq. Jars are cached in $EBB_ROCKETMQ_HOME,
// else ~/.cache/ebb/rocketmq/<version>. Exit 0 on success; status exits 3 when nothing is running.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const modulePath = join(root, 'dist', 'src', 'rocketmq', 'local', 'index.js');

function fail(message, code = 1) {
  process.stderr.write(`rocketmq: ${message}\n`);
  process.exit(code);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    topic: { type: 'string', multiple: true, default: [] },
    'fifo-topic': { type: 'string', multiple: true, default: [] },
    group: { type: 'string', multiple: true, default: [] },
    'fifo-group': { type: 'string', multiple: true, default: [] },
    json: { type: 'boolean', default: false },
  },
});
const command = positionals[0];
if (!['up', 'down', 'status'].includes(command ?? ''))
  fail('usage: local.mjs up|down|status [--data-dir DIR]', 2);
if (!existsSync(modulePath)) fail(`${modulePath} is missing; run "npm run build" first`);
const rmq = await import(pathToFileURL(modulePath).href);
const dataDir = resolve(values['data-dir'] ?? process.env.EBB_ROCKETMQ_DATA_DIR ?? join('.ebb', 'rocketmq'));

function print(state, note) {
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ running: true, ...state })}\n`);
    return;
  }
  process.stdout.write(
    `${note}\n  namesrv   ${state.namesrvAddr}\n  proxy     ${state.proxyEndpoint} (gRPC)\n` +
      `  pids      namesrv ${state.pids.namesrv}, proxy ${state.pids.proxy}\n  data dir  ${state.dataDir}\n`,
  );
}

async function createResources(admin) {
  const work = [
    ...values.topic.map((t) => admin.createTopic(t, { fifo: false })),
    ...values['fifo-topic'].map((t) => admin.createTopic(t, { fifo: true })),
    ...values.group.map((g) => admin.createGroup(g, { fifo: false })),
    ...values['fifo-group'].map((g) => admin.createGroup(g, { fifo: true })),
  ];
  if (work.length > 0) process.stderr.write(`rocketmq: creating ${work.length} topics and groups\n`);
  await Promise.all(work);
}

try {
  if (command === 'up') {
    const status = rmq.localRocketMQStatus(dataDir);
    if (status.running) {
      await createResources(rmq.adminFor(status.state));
      print(status.state, `RocketMQ ${status.state.version} is already running`);
    } else {
      const check = rmq.javaAvailable();
      if (!check.ok) fail(`cannot start: this machine lacks ${check.missing}`);
      if (status.state) await rmq.stopLocalRocketMQ(dataDir); // half-dead leftovers of a crash
      const mq = await rmq.startLocalRocketMQ({ dataDir, detached: true });
      await createResources(mq);
      print(rmq.localRocketMQStatus(dataDir).state, 'RocketMQ is up');
    }
  } else if (command === 'down') {
    const t = Date.now();
    const stopped = await rmq.stopLocalRocketMQ(dataDir);
    process.stdout.write(
      stopped
        ? `RocketMQ stopped in ${((Date.now() - t) / 1000).toFixed(1)} s\n`
        : `RocketMQ is not running in ${dataDir}\n`,
    );
  } else {
    const status = rmq.localRocketMQStatus(dataDir);
    if (status.running) print(status.state, `RocketMQ ${status.state.version} is running`);
    else if (values.json)
      process.stdout.write(
        `${JSON.stringify({ running: false, namesrv: status.namesrv, proxy: status.proxy })}\n`,
      );
    else if (status.state)
      process.stdout.write(
        `RocketMQ in ${dataDir} is partly down (namesrv ${status.namesrv ? 'up' : 'down'}, proxy ${status.proxy ? 'up' : 'down'}); run "down"\n`,
      );
    else process.stdout.write(`RocketMQ is not running in ${dataDir}\n`);
    if (!status.running) process.exitCode = 3;
  }
} catch (err) {
  fail(`${err.code ? `${err.code}: ` : ''}${err.message}`);
}
