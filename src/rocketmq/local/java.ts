/**
 * Finds `java` and `mvn` and says exactly what is missing. Maven is needed only while the jars are not
 * cached yet; a machine with a filled cache runs RocketMQ with Java alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { jarsCached } from './fetch.js';

export type JavaCheck = { ok: true; java: string; mvn: string | undefined } | { ok: false; missing: string };

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set and has one, else `java` from PATH. */
export function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const bin = join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(bin)) return bin;
  }
  return 'java';
}

export function mvnCommand(): string {
  return process.env.EBB_MVN || 'mvn';
}

/** The Java feature release (8, 11, 17, ...) of `java -version`, or undefined if it does not run. */
export function javaMajorVersion(java = javaCommand()): number | undefined {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) return undefined;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return undefined;
  const major = Number(m[1]);
  return major === 1 ? Number(m[2]) : major;
}

function mvnRuns(mvn: string): boolean {
  const r = spawnSync(mvn, ['-v'], { encoding: 'utf8', timeout: 60_000 });
  return !r.error && r.status === 0;
}

export interface JavaAvailableOptions {
  /** RocketMQ version whose jar cache makes Maven unnecessary. */
  version?: string;
  /** The jar cache folder; see `rocketmqHome()`. */
  home?: string;
}

/**
 * Whether this machine can run a local RocketMQ: a Java 8+ runtime, and Maven unless the jars are cached.
 * On failure `missing` names what to install, e.g. "java (a JDK 17 on PATH or in JAVA_HOME)".
 */
export function javaAvailable(options: JavaAvailableOptions = {}): JavaCheck {
  const java = javaCommand();
  const major = javaMajorVersion(java);
  if (major === undefined) {
    return { ok: false, missing: `java (a JDK 17 on PATH or in JAVA_HOME; "${java} -version" did not run)` };
  }
  if (major < 8) return { ok: false, missing: `java 8 or newer (found java ${major})` };
  if (jarsCached(options)) return { ok: true, java, mvn: undefined };
  const mvn = mvnCommand();
  if (!mvnRuns(mvn)) {
    return {
      ok: false,
      missing: `mvn (Apache Maven 3 on PATH, to fetch the RocketMQ jars once; "${mvn} -v" did not run)`,
    };
  }
  return { ok: true, java, mvn };
}
