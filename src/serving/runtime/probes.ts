/**
 * One probe attempt against a replica, with the kubelet's semantics: httpGet succeeds on a 200–399
 * status, tcpSocket on a connection, exec on exit code 0; each attempt is bounded by `timeoutSeconds`.
 * A probe without a handler is a TCP probe (Knative's default readiness probe).
 *
 * The probe's `port` is not used: Knative requires it to equal the container port, and here the container
 * port is the `$PORT` the runtime picked, so every probe targets that.
 */

import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { HttpGetProbe, Probe } from '../types.js';
import { localCommand } from './command.js';

/** Kubernetes' default `timeoutSeconds`. */
export const DEFAULT_PROBE_TIMEOUT_SECONDS = 1;
/** Sent as User-Agent, so servers that skip logging kubelet probes skip ours too. */
export const PROBE_USER_AGENT = 'kube-probe/ebb';

export interface ProbeTarget {
  host: string;
  port: number;
  /** Environment and directory for exec probes: the replica's. */
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export type ProbeKind = 'httpGet' | 'tcpSocket' | 'exec';

export function probeKind(probe: Probe | undefined): ProbeKind {
  if (probe?.httpGet) return 'httpGet';
  if (probe?.exec) return 'exec';
  return 'tcpSocket';
}

/** One attempt: true when the replica passes. Never throws; an abort ends it as a failure. */
export function runProbe(
  probe: Probe | undefined,
  target: ProbeTarget,
  signal?: AbortSignal,
): Promise<boolean> {
  const timeoutMs = (probe?.timeoutSeconds || DEFAULT_PROBE_TIMEOUT_SECONDS) * 1000;
  switch (probeKind(probe)) {
    case 'httpGet':
      return attempt(signal, (settle) => httpGet(probe!.httpGet!, target, timeoutMs, settle));
    case 'exec':
      return attempt(signal, (settle) => exec(probe!.exec!.command, target, timeoutMs, settle));
    case 'tcpSocket':
      return attempt(signal, (settle) => tcp(target, timeoutMs, settle));
  }
}

/** Settles once, whichever comes first: the attempt's verdict or the abort (which cancels the attempt). */
type Attempt = (settle: (ok: boolean) => void) => () => void;

function attempt(signal: AbortSignal | undefined, run: Attempt): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    let settled = false;
    let cancel = () => {};
    const onAbort = () => {
      cancel();
      settle(false);
    };
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    cancel = run(settle);
  });
}

function httpGet(p: HttpGetProbe, t: ProbeTarget, timeoutMs: number, settle: (ok: boolean) => void) {
  const headers: Record<string, string> = { 'user-agent': PROBE_USER_AGENT, accept: '*/*' };
  for (const h of p.httpHeaders ?? []) headers[h.name.toLowerCase()] = h.value;
  const path = !p.path ? '/' : p.path.startsWith('/') ? p.path : `/${p.path}`;
  const request = p.scheme === 'HTTPS' ? httpsRequest : httpRequest;
  const options = { host: t.host, port: t.port, path, headers, agent: false, timeout: timeoutMs };
  const req = request({ ...options, rejectUnauthorized: false }, (res) => {
    const status = res.statusCode ?? 0;
    res.destroy();
    settle(status >= 200 && status < 400);
  });
  req.on('timeout', () => req.destroy(new Error('probe timed out')));
  req.on('error', () => settle(false));
  req.end();
  return () => req.destroy();
}

function tcp(t: ProbeTarget, timeoutMs: number, settle: (ok: boolean) => void) {
  const socket = connect({ host: t.host, port: t.port, timeout: timeoutMs });
  const done = (ok: boolean) => {
    socket.destroy();
    settle(ok);
  };
  socket.once('connect', () => done(true));
  socket.once('timeout', () => done(false));
  socket.once('error', () => done(false));
  return () => socket.destroy();
}

function exec(command: string[], t: ProbeTarget, timeoutMs: number, settle: (ok: boolean) => void) {
  if (command.length === 0) {
    settle(false);
    return () => {};
  }
  const [program, ...args] = localCommand(command);
  const child = spawn(program!, args, {
    cwd: t.cwd,
    env: t.env,
    stdio: 'ignore',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  child.once('error', () => settle(false));
  child.once('exit', (code) => settle(code === 0));
  return () => child.kill('SIGKILL');
}
