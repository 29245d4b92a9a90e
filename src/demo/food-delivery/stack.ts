/**
 * What the demo runs on: a local RocketMQ (when Java 17 and Maven are here and it was not turned off) and
 * `ebb up` as its own process on free ports, with its data in the demo's folder — the same commands a user
 * would run, so the demo measures the product, not a test double. `stop` ends both, by their PIDs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { LocalRocketMQ } from '../../rocketmq/index.js';

export const CLI = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
export const TOPIC = 'topic-knative';
export const GROUP = 'GID_Knative';

export interface Stack {
  api: string;
  ingress: string;
  rocketmq?: LocalRocketMQ;
  /** Why RocketMQ is not used, when it is not. */
  noRocketMQ?: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  dataDir: string;
  rocketmq: boolean;
  say: (line: string) => void;
}

export async function startRocketMQ(
  dataDir: string,
  say: (line: string) => void,
): Promise<{ mq?: LocalRocketMQ; why?: string }> {
  const rmq = await import('../../rocketmq/index.js');
  const java = rmq.javaAvailable();
  if (!java.ok) return { why: `this machine lacks ${java.missing}` };
  try {
    const mq = await rmq.startLocalRocketMQ({ dataDir, onProgress: (m) => say(`rocketmq: ${m}`) });
    await Promise.all([mq.createTopic(TOPIC), mq.createGroup(GROUP)]);
    return { mq };
  } catch (err) {
    return { why: `RocketMQ did not start: ${(err as Error).message.split('\n')[0]}` };
  }
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  let mq: LocalRocketMQ | undefined;
  let why: string | undefined = opts.rocketmq ? undefined : 'turned off (--no-rocketmq)';
  if (opts.rocketmq) ({ mq, why } = await startRocketMQ(`${opts.dataDir}/rocketmq`, opts.say));
  const up = spawn(
    process.execPath,
    [CLI, 'up', '--data-dir', opts.dataDir, '--api-port', '0', '--ingress-port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EBB_LOG_LEVEL: process.env.EBB_LOG_LEVEL ?? 'warn' },
    },
  );
  let output = '';
  up.stdout!.on('data', (d) => (output += d));
  up.stderr!.on('data', (d) => (output += d));
  const stopUp = () => stopChild(up);
  try {
    const deadline = Date.now() + 30_000;
    while (!/Ingress:\s+\S+/.test(output)) {
      if (Date.now() > deadline || up.exitCode !== null) throw new Error(`ebb up did not start:\n${output}`);
      await sleep(50);
    }
  } catch (err) {
    await stopUp();
    await mq?.stop();
    throw err;
  }
  // After start-up only errors matter; keep the pipes drained.
  up.stdout!.removeAllListeners('data').resume();
  up.stderr!.removeAllListeners('data').resume();
  return {
    api: /API:\s+(\S+)/.exec(output)![1]!,
    ingress: /Ingress:\s+(\S+)/.exec(output)![1]!,
    ...(mq ? { rocketmq: mq } : {}),
    ...(why ? { noRocketMQ: why } : {}),
    async stop() {
      await stopUp();
      await mq?.stop();
    },
  };
}

/** SIGTERM (ebb up drains and stops its replicas), SIGKILL after 20 s; resolves when it exited. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
