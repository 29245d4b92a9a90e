/**
 * Fetches the RocketMQ jars through Maven into a cache folder, once. The folder holds a generated pom and
 * `lib/` with every runtime jar; `lib/.ebb-complete` marks a finished fetch, so a second run is instant
 * and an interrupted one is redone. Jars are copied to a temporary folder and renamed into place, so two
 * concurrent fetches never leave a half-filled `lib/`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ROCKETMQ_VERSION, pomXml } from './config.js';
import { FetchFailedError } from './errors.js';

const MARKER = '.ebb-complete';
/** How often a running fetch reports that it is still running, in ms. */
const FETCH_HEARTBEAT_MS = 15_000;
/** A fetch that takes longer than this is stopped, in ms. */
const DEFAULT_FETCH_TIMEOUT_MS = 15 * 60_000;

export type Progress = (message: string) => void;

export const defaultProgress: Progress = (message) => process.stderr.write(`rocketmq: ${message}\n`);

export interface FetchOptions {
  /** @defaultValue DEFAULT_ROCKETMQ_VERSION */
  version?: string;
  /** @defaultValue `$EBB_ROCKETMQ_HOME`, else `~/.cache/ebb/rocketmq/<version>` */
  home?: string;
  /** @defaultValue `mvn`, or `$EBB_MVN` */
  mvn?: string;
  /** @defaultValue prints `rocketmq: ...` lines to stderr */
  onProgress?: Progress;
  /** @defaultValue 15 minutes */
  timeoutMs?: number;
}

/** The jar cache folder for a version: `$EBB_ROCKETMQ_HOME` if set, else `~/.cache/ebb/rocketmq/<version>`. */
export function rocketmqHome(version = DEFAULT_ROCKETMQ_VERSION): string {
  return process.env.EBB_ROCKETMQ_HOME || join(homedir(), '.cache', 'ebb', 'rocketmq', version);
}

export function libDirOf(home: string): string {
  return join(home, 'lib');
}

export function jarsCached(options: { version?: string; home?: string } = {}): boolean {
  const version = options.version ?? DEFAULT_ROCKETMQ_VERSION;
  const marker = join(libDirOf(options.home ?? rocketmqHome(version)), MARKER);
  try {
    return JSON.parse(readFileSync(marker, 'utf8')).version === version;
  } catch {
    return false;
  }
}

/** Returns the `lib/` folder with the jars of `version`, running Maven first if they are not cached. */
export async function ensureJars(options: FetchOptions = {}): Promise<string> {
  const version = options.version ?? DEFAULT_ROCKETMQ_VERSION;
  const home = options.home ?? rocketmqHome(version);
  const lib = libDirOf(home);
  if (jarsCached({ version, home })) return lib;
  const progress = options.onProgress ?? defaultProgress;
  const mvn = options.mvn ?? (process.env.EBB_MVN || 'mvn');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'pom.xml'), pomXml(version));
  const tmp = join(home, `lib.tmp-${process.pid}-${Date.now()}`);
  const started = Date.now();
  progress(`fetching RocketMQ ${version} jars with Maven into ${lib} (first run only, about 90 MB)`);
  const heartbeat = setInterval(
    () => progress(`still fetching (${Math.round((Date.now() - started) / 1000)} s)`),
    FETCH_HEARTBEAT_MS,
  );
  try {
    await runTool(
      mvn,
      [
        '-q',
        '-B',
        '-f',
        join(home, 'pom.xml'),
        'dependency:copy-dependencies',
        `-DoutputDirectory=${tmp}`,
        '-DincludeScope=runtime',
      ],
      home,
      options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    );
    const jars = readdirSync(tmp).filter((f) => f.endsWith('.jar'));
    if (!jars.some((j) => j.startsWith(`rocketmq-proxy-${version}`))) {
      throw new FetchFailedError(`Maven finished but ${tmp} has no rocketmq-proxy-${version}.jar`);
    }
    writeFileSync(join(tmp, MARKER), `${JSON.stringify({ version, jars: jars.length })}\n`);
    if (!jarsCached({ version, home })) {
      rmSync(lib, { recursive: true, force: true });
      renameSync(tmp, lib);
    }
    progress(`fetched ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return lib;
  } finally {
    clearInterval(heartbeat);
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs a build tool (Maven, javac, java) to completion, keeping the last 8 KB of its output for the error;
 * rejects with a FetchFailedError naming the command, its exit and that output.
 */
export function runTool(mvn: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(mvn, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new FetchFailedError(`could not run ${mvn}: ${err.message}`, { cause: err }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new FetchFailedError(
            `${mvn} ${args.join(' ')} failed (${signal ? `killed by ${signal}` : `exit ${code}`}):\n${output.trim()}`,
          ),
        );
    });
  });
}
