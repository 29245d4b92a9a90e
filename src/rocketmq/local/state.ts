/**
 * The pid file of a local RocketMQ (`<dataDir>/rocketmq.pid.json`): what `up` started, so `down` and
 * `status` in another process can find and stop it by PID.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { LocalPorts } from './config.js';
import { layout } from './config.js';
import { isOurs } from './process.js';

export interface LocalState {
  version: string;
  dataDir: string;
  libDir: string;
  java: string;
  namesrvAddr: string;
  /** `host:port` of the proxy's gRPC endpoint, what `rocketmq-client-nodejs` connects to. */
  proxyEndpoint: string;
  ports: LocalPorts;
  pids: { namesrv: number; proxy: number };
  startedAt: string;
}

export function readState(dataDir: string): LocalState | undefined {
  try {
    return JSON.parse(readFileSync(layout(dataDir).stateFile, 'utf8')) as LocalState;
  } catch {
    return undefined;
  }
}

export function writeState(state: LocalState): void {
  writeFileSync(layout(state.dataDir).stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export function removeState(dataDir: string): void {
  rmSync(layout(dataDir).stateFile, { force: true });
}

/** Which of the recorded processes still run (and are still ours, not a reused PID). */
export function liveProcesses(state: LocalState): { namesrv: boolean; proxy: boolean } {
  return {
    namesrv: isOurs(state.pids.namesrv, state.dataDir),
    proxy: isOurs(state.pids.proxy, state.dataDir),
  };
}
