/**
 * A real RocketMQ 5 started the way tests and the demo start it: fetched through Maven (cached), a name
 * server and a local-mode proxy on free loopback ports, topics and groups through mqadmin, messages
 * through the Node client, then stopped by PID with no JVM of ours left. Skipped, saying what is missing,
 * where Java or Maven is not installed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { produce, receiveAndAck } from '../client.js';
import { layout } from './config.js';
import {
  javaAvailable,
  type LocalRocketMQ,
  localRocketMQStatus,
  ourJvmPids,
  startLocalRocketMQ,
  stopLocalRocketMQ,
} from './index.js';
import { isAlive, portOpen } from './process.js';

const check = javaAvailable();
const skip = check.ok ? false : `local RocketMQ tests skipped: this machine lacks ${check.missing}`;
if (!check.ok) process.stderr.write(`${skip}\n`);

/** Cold Maven fetch (~15 s) + two JVMs (~10 s) with generous slack for a loaded CI machine. */
const START_TIMEOUT_MS = 240_000;

describe('rocketmq local', { skip, timeout: 400_000 }, () => {
  let dataDir = '';
  let mq: LocalRocketMQ | undefined;
  const withLogs = async (what: () => Promise<void>) => {
    try {
      await what();
    } catch (err) {
      if (mq) (err as Error).message += `\n${mq.logs(40)}`;
      throw err;
    }
  };

  before(
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ebb-rocketmq-test-'));
      const t = Date.now();
      mq = await startLocalRocketMQ({ dataDir });
      process.stderr.write(`rocketmq test: started in ${Date.now() - t} ms\n`);
    },
    { timeout: START_TIMEOUT_MS },
  );

  after(async () => {
    await mq?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('local - name server and proxy listen on loopback, off port 8080', async () => {
    assert.ok(mq);
    assert.match(mq.namesrvAddr, /^127\.0\.0\.1:\d+$/);
    assert.match(mq.proxyEndpoint, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(mq.ports.proxyRemoting, 8080);
    assert.notEqual(mq.ports.proxyGrpc, 8080);
    for (const port of [mq.ports.namesrv, mq.ports.proxyGrpc, mq.ports.proxyRemoting, mq.ports.broker]) {
      assert.ok(await portOpen(port), `port ${port} accepts connections`);
    }
    const broker = readFileSync(layout(mq.dataDir).brokerConf, 'utf8');
    assert.match(broker, /^brokerIP1=127\.0\.0\.1$/m);
    const status = localRocketMQStatus(mq.dataDir);
    assert.equal(status.running, true);
    assert.deepEqual(status.state?.pids, mq.pids);
  });

  it('local - creates normal and FIFO topics and consumer groups through mqadmin', { timeout: 120_000 }, () =>
    withLogs(async () => {
      assert.ok(mq);
      const m = mq;
      await Promise.all([
        m.createTopic('ebb-test-normal'),
        m.createTopic('ebb-test-fifo', { fifo: true }),
        m.createGroup('ebb-test-normal-group'),
        m.createGroup('ebb-test-fifo-group', { fifo: true }),
      ]);
    }),
  );

  it('client - produces and consumes a message with tag and keys', { timeout: 90_000 }, () =>
    withLogs(async () => {
      assert.ok(mq);
      const sent = await produce(mq.proxyEndpoint, 'ebb-test-normal', '{"order":1}', {
        tag: 'created',
        keys: ['order-1'],
      });
      const got = await receiveAndAck(mq.proxyEndpoint, {
        topic: 'ebb-test-normal',
        consumerGroup: 'ebb-test-normal-group',
        timeoutMs: 60_000,
      });
      assert.equal(got.length, 1);
      assert.equal(got[0]!.messageId, sent.messageId);
      assert.equal(got[0]!.body.toString(), '{"order":1}');
      assert.equal(got[0]!.tag, 'created');
      assert.deepEqual(got[0]!.keys, ['order-1']);
    }),
  );

  it('client - a FIFO topic delivers one message group in order', { timeout: 90_000 }, () =>
    withLogs(async () => {
      assert.ok(mq);
      for (let i = 0; i < 5; i++) {
        await produce(mq.proxyEndpoint, 'ebb-test-fifo', `m${i}`, { messageGroup: 'order-42' });
      }
      const got = await receiveAndAck(mq.proxyEndpoint, {
        topic: 'ebb-test-fifo',
        consumerGroup: 'ebb-test-fifo-group',
        count: 5,
        timeoutMs: 60_000,
      });
      assert.deepEqual(
        got.map((m) => m.body.toString()),
        ['m0', 'm1', 'm2', 'm3', 'm4'],
      );
      assert.ok(got.every((m) => m.messageGroup === 'order-42'));
    }),
  );

  it('local - stop ends both JVMs by PID and removes the pid file', { timeout: 90_000 }, async () => {
    assert.ok(mq);
    const t = Date.now();
    await mq.stop();
    process.stderr.write(`rocketmq test: stopped in ${Date.now() - t} ms\n`);
    assert.equal(isAlive(mq.pids.namesrv), false, `name server pid ${mq.pids.namesrv} is gone`);
    assert.equal(isAlive(mq.pids.proxy), false, `proxy pid ${mq.pids.proxy} is gone`);
    assert.deepEqual(ourJvmPids(mq.dataDir), [], 'no JVM with our data dir is left');
    assert.equal(existsSync(layout(mq.dataDir).stateFile), false);
    assert.equal(localRocketMQStatus(mq.dataDir).running, false);
  });
});

const script = fileURLToPath(new URL('../../../../scripts/rocketmq/local.mjs', import.meta.url));
const run = promisify(execFile);

async function runScript(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], { timeout: 240_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('rocketmq local script', { skip, timeout: 400_000 }, () => {
  let dataDir = '';
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ebb-rocketmq-script-'));
  });
  after(async () => {
    if (!dataDir) return;
    await stopLocalRocketMQ(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('script - up starts detached JVMs and creates topics, status reports them, down stops them', async () => {
    const up = await runScript('up', '--data-dir', dataDir, '--fifo-topic', 'ebb-script-fifo', '--json');
    assert.equal(up.code, 0, up.stderr);
    const state = JSON.parse(up.stdout);
    assert.equal(state.running, true);
    assert.match(state.proxyEndpoint, /^127\.0\.0\.1:\d+$/);
    assert.ok(isAlive(state.pids.namesrv) && isAlive(state.pids.proxy), 'JVMs outlive the up command');

    const again = await runScript('up', '--data-dir', dataDir, '--json');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(JSON.parse(again.stdout).pids, state.pids, 'a second up reuses the running instance');

    const status = await runScript('status', '--data-dir', dataDir);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`proxy +${state.proxyEndpoint}`));

    const down = await runScript('down', '--data-dir', dataDir);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(isAlive(state.pids.namesrv), false);
    assert.equal(isAlive(state.pids.proxy), false);
    assert.deepEqual(ourJvmPids(dataDir), []);

    const after = await runScript('status', '--data-dir', dataDir);
    assert.equal(after.code, 3);
    assert.match(after.stdout, /not running/);
  });
});
