/**
 * A real RocketMQ 5 on this machine: a name server and a proxy in local mode with the broker inside, as
 * two JVMs on loopback and free ports, with their files in one data directory. `startLocalRocketMQ` is
 * what tests, the demo and `ebb rocketmq up` use; `stopLocalRocketMQ` and `localRocketMQStatus` work from
 * the pid file, so another process can stop or inspect an instance started with `detached: true`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type AdminContext,
  createGroup,
  createTopic,
  type GroupOptions,
  type TopicOptions,
} from './admin.js';
import {
  brokerProperties,
  DEFAULT_ROCKETMQ_VERSION,
  type LocalLayout,
  type LocalPorts,
  layout,
  namesrvArgs,
  namesrvProperties,
  proxyArgs,
  proxyJson,
} from './config.js';
import { AlreadyRunningError, JavaMissingError, StartFailedError } from './errors.js';
import { defaultProgress, ensureJars, type Progress } from './fetch.js';
import { javaAvailable } from './java.js';
import { pickPorts } from './ports.js';
import { isAlive, isOurs, logTails, rocketmqLogFiles, spawnJvm, stopPid, waitReady } from './process.js';
import { type LocalState, liveProcesses, readState, removeState, writeState } from './state.js';

/** Time for each JVM to log its start-up line and open its ports, in ms. */
export const DEFAULT_READY_TIMEOUT_MS = 120_000;
/**
 * Time for the proxy (and the broker inside it) to exit after SIGTERM before it gets SIGKILL, in ms. It
 * takes about 10 s: RocketMQ's shutdown hooks wait on fixed intervals, and they flush the store and offsets.
 */
export const DEFAULT_STOP_GRACE_MS = 30_000;
/**
 * The name server keeps routes in memory only (brokers re-register), so it gets SIGKILL after this much
 * grace, in ms, instead of its ~6 s of shutdown hooks.
 */
export const NAMESRV_STOP_GRACE_MS = 1_000;
const NAMESRV_READY = /The Name Server boot success/;
const PROXY_READY = /rocketmq-proxy startup successfully/;

export interface StartOptions {
  /** Holds configs, logs, the message store and the pid file. */
  dataDir: string;
  /** @defaultValue DEFAULT_ROCKETMQ_VERSION */
  version?: string;
  /** Jar cache folder. @defaultValue `$EBB_ROCKETMQ_HOME`, else `~/.cache/ebb/rocketmq/<version>` */
  home?: string;
  /** Fixed ports; the rest are chosen free. */
  ports?: Partial<LocalPorts>;
  /** Let the JVMs outlive this process (for `up`); otherwise they are killed when it exits. @defaultValue false */
  detached?: boolean;
  /** @defaultValue DEFAULT_READY_TIMEOUT_MS */
  readyTimeoutMs?: number;
  /** @defaultValue prints `rocketmq: ...` lines to stderr */
  onProgress?: Progress;
}

export interface LocalRocketMQ {
  /** `127.0.0.1:port` of the name server (for mqadmin and remoting clients). */
  readonly namesrvAddr: string;
  /** `127.0.0.1:port` of the proxy's gRPC endpoint (for `rocketmq-client-nodejs`). */
  readonly proxyEndpoint: string;
  readonly ports: LocalPorts;
  readonly dataDir: string;
  readonly pids: { namesrv: number; proxy: number };
  createTopic(name: string, options?: TopicOptions): Promise<void>;
  createGroup(name: string, options?: GroupOptions): Promise<void>;
  /** The tail of the JVMs' logs, for error messages. */
  logs(lines?: number): string;
  /** Stops the proxy, then the name server, by PID; resolves when both are gone. */
  stop(): Promise<void>;
}

export async function startLocalRocketMQ(options: StartOptions): Promise<LocalRocketMQ> {
  const dataDir = resolve(options.dataDir);
  const version = options.version ?? DEFAULT_ROCKETMQ_VERSION;
  const progress = options.onProgress ?? defaultProgress;
  const check = javaAvailable({ version, ...(options.home ? { home: options.home } : {}) });
  if (!check.ok) throw new JavaMissingError(check.missing);
  const previous = readState(dataDir);
  if (previous) {
    const live = liveProcesses(previous);
    if (live.namesrv || live.proxy) throw new AlreadyRunningError(dataDir, Object.values(previous.pids));
    removeState(dataDir);
  }
  const libDir = await ensureJars({
    version,
    onProgress: progress,
    ...(options.home ? { home: options.home } : {}),
    ...(check.mvn ? { mvn: check.mvn } : {}),
  });
  const l = layout(dataDir);
  for (const dir of [l.confDir, l.logDir, l.storeDir]) mkdirSync(dir, { recursive: true });

  const fixedPorts = options.ports ?? {};
  const attempts = Object.keys(fixedPorts).length === 5 ? 1 : 2;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const ports = await pickPorts(fixedPorts);
    try {
      const state = await boot({
        l,
        ports,
        java: check.java,
        libDir,
        version,
        detached: options.detached ?? false,
        readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
        progress,
      });
      writeState(state);
      return handle(state, l, options.detached ?? false);
    } catch (err) {
      lastError = err;
      // A port taken between choosing and binding is the one start-up failure worth a second try.
      if (!(err instanceof StartFailedError) || !/Address already in use/.test(err.message)) break;
      progress(`a port was taken while starting; retrying with new ports`);
    }
  }
  throw lastError;
}

interface BootOptions {
  l: LocalLayout;
  ports: LocalPorts;
  java: string;
  libDir: string;
  version: string;
  detached: boolean;
  readyTimeoutMs: number;
  progress: Progress;
}

async function boot(o: BootOptions): Promise<LocalState> {
  const { l, ports } = o;
  writeFileSync(l.namesrvConf, namesrvProperties(ports));
  writeFileSync(l.brokerConf, brokerProperties(ports, l.storeDir));
  writeFileSync(l.proxyConf, proxyJson(ports));
  for (const out of [l.namesrvOut, l.proxyOut]) writeFileSync(out, '');
  const started: number[] = [];
  const spawnOne = (args: string[], outFile: string) => {
    const child = spawnJvm({ java: o.java, args, cwd: l.dataDir, outFile, detached: o.detached });
    if (child.pid === undefined) throw new StartFailedError(`could not start ${o.java}`);
    started.push(child.pid);
    return child.pid;
  };
  const fail = async (err: unknown): Promise<never> => {
    for (const pid of started.reverse()) await stopPid(pid, 5_000);
    const tails = logTails([l.namesrvOut, l.proxyOut, ...rocketmqLogFiles(l.rocketmqLogDir)]);
    throw new StartFailedError(`local RocketMQ did not start: ${(err as Error).message}\n${tails}`, {
      cause: err,
    });
  };
  try {
    let t = Date.now();
    o.progress(`starting name server on 127.0.0.1:${ports.namesrv} (data ${l.dataDir})`);
    const namesrv = spawnOne(namesrvArgs(o.libDir, l), l.namesrvOut);
    await waitReady({
      what: 'name server',
      pid: namesrv,
      outFile: l.namesrvOut,
      line: NAMESRV_READY,
      ports: [ports.namesrv],
      timeoutMs: o.readyTimeoutMs,
    });
    o.progress(`name server ready in ${elapsed(t)} (pid ${namesrv})`);
    t = Date.now();
    o.progress(`starting proxy (local mode, broker inside) on gRPC 127.0.0.1:${ports.proxyGrpc}`);
    const proxy = spawnOne(proxyArgs(o.libDir, l), l.proxyOut);
    await waitReady({
      what: 'proxy',
      pid: proxy,
      outFile: l.proxyOut,
      line: PROXY_READY,
      ports: [ports.proxyGrpc, ports.proxyRemoting, ports.broker],
      timeoutMs: o.readyTimeoutMs,
    });
    o.progress(`proxy ready in ${elapsed(t)} (pid ${proxy})`);
    return {
      version: o.version,
      dataDir: l.dataDir,
      libDir: o.libDir,
      java: o.java,
      namesrvAddr: `127.0.0.1:${ports.namesrv}`,
      proxyEndpoint: `127.0.0.1:${ports.proxyGrpc}`,
      ports,
      pids: { namesrv, proxy },
      startedAt: new Date().toISOString(),
    };
  } catch (err) {
    return fail(err);
  }
}

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function handle(state: LocalState, l: LocalLayout, detached: boolean): LocalRocketMQ {
  const ctx: AdminContext = {
    java: state.java,
    libDir: state.libDir,
    dataDir: state.dataDir,
    namesrvAddr: state.namesrvAddr,
  };
  const pids = [state.pids.proxy, state.pids.namesrv];
  // Without `detached`, the JVMs die with this process even when it exits without calling stop().
  const killOnExit = () => {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  };
  if (!detached) process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  return {
    namesrvAddr: state.namesrvAddr,
    proxyEndpoint: state.proxyEndpoint,
    ports: state.ports,
    dataDir: state.dataDir,
    pids: state.pids,
    createTopic: (name, o) => createTopic(ctx, name, o),
    createGroup: (name, o) => createGroup(ctx, name, o),
    logs: (lines = 30) => logTails([l.namesrvOut, l.proxyOut, ...rocketmqLogFiles(l.rocketmqLogDir)], lines),
    stop: () => {
      stopping ??= (async () => {
        await stopPid(state.pids.proxy, DEFAULT_STOP_GRACE_MS);
        await stopPid(state.pids.namesrv, NAMESRV_STOP_GRACE_MS);
        process.removeListener('exit', killOnExit);
        removeState(state.dataDir);
      })();
      return stopping;
    },
  };
}

export interface LocalStatus {
  running: boolean;
  state: LocalState | undefined;
  namesrv: boolean;
  proxy: boolean;
}

/** What the pid file in `dataDir` says, and which of its processes still run. */
export function localRocketMQStatus(dataDir: string): LocalStatus {
  const state = readState(resolve(dataDir));
  if (!state) return { running: false, state, namesrv: false, proxy: false };
  const live = liveProcesses(state);
  return { running: live.namesrv && live.proxy, state, ...live };
}

/**
 * Stops the instance recorded in `dataDir`'s pid file (proxy first), signalling only PIDs that are still
 * its JVMs, and removes the pid file. Returns false if nothing was recorded.
 */
export async function stopLocalRocketMQ(dataDir: string, graceMs = DEFAULT_STOP_GRACE_MS): Promise<boolean> {
  const state = readState(resolve(dataDir));
  if (!state) return false;
  if (isOurs(state.pids.proxy, state.dataDir)) await stopPid(state.pids.proxy, graceMs);
  if (isOurs(state.pids.namesrv, state.dataDir)) await stopPid(state.pids.namesrv, NAMESRV_STOP_GRACE_MS);
  removeState(state.dataDir);
  return true;
}

/** Admin commands against a running instance recorded in `dataDir` (for `ebb rocketmq` subcommands). */
export function adminFor(state: LocalState): {
  createTopic(name: string, o?: TopicOptions): Promise<void>;
  createGroup(name: string, o?: GroupOptions): Promise<void>;
} {
  const ctx: AdminContext = {
    java: state.java,
    libDir: state.libDir,
    dataDir: state.dataDir,
    namesrvAddr: state.namesrvAddr,
  };
  return { createTopic: (n, o) => createTopic(ctx, n, o), createGroup: (n, o) => createGroup(ctx, n, o) };
}
