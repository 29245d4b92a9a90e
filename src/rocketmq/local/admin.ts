/**
 * Topics and consumer groups through RocketMQ's admin tool (`mqadmin`, run as its main class on the
 * cached jars). `mqadmin` exits 0 even when it fails, so success is read from its output; and once it
 * has printed success it is killed rather than left to its ~3 s of client shutdown, since a finished admin
 * command holds nothing that needs a clean exit.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminArgs, CLUSTER_NAME } from './config.js';
import { AdminFailedError } from './errors.js';

const ADMIN_TIMEOUT_MS = 60_000;
/**
 * mqadmin commands run at once: each is a JVM (~1 s of CPU to start), and a dozen started together on a
 * 2-core machine starve each other past their timeouts.
 */
const ADMIN_CONCURRENCY = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  while (running >= ADMIN_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
/** Right after start-up the broker may not be registered with the name server yet; retry this long. */
const ADMIN_RETRY_MS = 30_000;

export interface AdminContext {
  java: string;
  libDir: string;
  dataDir: string;
  namesrvAddr: string;
}

export interface TopicOptions {
  /** A FIFO topic (`message.type=FIFO`); otherwise NORMAL. @defaultValue false */
  fifo?: boolean;
  /** Read and write queues. @defaultValue 8 */
  queues?: number;
}

export interface GroupOptions {
  /** Orderly consumption, needed to consume a FIFO topic in order. @defaultValue false */
  fifo?: boolean;
  /** Deliveries before a message goes to `%DLQ%group`. @defaultValue 16 (RocketMQ's) */
  maxRetries?: number;
}

export function topicArgs(namesrvAddr: string, name: string, o: TopicOptions = {}): string[] {
  const queues = String(o.queues ?? 8);
  return [
    'updateTopic',
    '-n',
    namesrvAddr,
    '-c',
    CLUSTER_NAME,
    '-t',
    name,
    '-r',
    queues,
    '-w',
    queues,
    '-a',
    `+message.type=${o.fifo ? 'FIFO' : 'NORMAL'}`,
  ];
}

export function groupArgs(namesrvAddr: string, name: string, o: GroupOptions = {}): string[] {
  return [
    'updateSubGroup',
    '-n',
    namesrvAddr,
    '-c',
    CLUSTER_NAME,
    '-g',
    name,
    '-o',
    String(o.fifo ?? false),
    ...(o.maxRetries === undefined ? [] : ['-r', String(o.maxRetries)]),
  ];
}

export async function createTopic(ctx: AdminContext, name: string, o: TopicOptions = {}): Promise<void> {
  await adminWithRetry(ctx, topicArgs(ctx.namesrvAddr, name, o), /create topic to .* success/);
}

export async function createGroup(ctx: AdminContext, name: string, o: GroupOptions = {}): Promise<void> {
  await adminWithRetry(ctx, groupArgs(ctx.namesrvAddr, name, o), /create subscription group to .* success/);
}

async function adminWithRetry(ctx: AdminContext, args: string[], success: RegExp): Promise<string> {
  const deadline = Date.now() + ADMIN_RETRY_MS;
  for (;;) {
    const out = await withSlot(() => runAdmin(ctx, args, success));
    if (success.test(out)) return out;
    if (Date.now() > deadline) {
      throw new AdminFailedError(
        `mqadmin ${args.join(' ')} failed:\n${out.trim().split('\n').slice(-20).join('\n')}`,
      );
    }
    await sleep(1_000);
  }
}

/**
 * Runs one `mqadmin` command and returns its output (stdout and stderr), as soon as the output matches
 * `done` if given (the process is then killed), else when it exits.
 */
export function runAdmin(ctx: AdminContext, args: string[], done?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(ctx.java, adminArgs(ctx.libDir, ctx.dataDir, args), {
      cwd: ctx.dataDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ROCKETMQ_HOME: ctx.dataDir },
    });
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-16_000);
      if (done?.test(out)) child.kill('SIGKILL');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), ADMIN_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new AdminFailedError(`could not run ${ctx.java}: ${err.message}`, { cause: err }));
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}
