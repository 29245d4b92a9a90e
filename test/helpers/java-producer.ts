/**
 * Real Java RocketMQ producers for interop tests: the remoting client (DefaultMQProducer, 4.9.x and 5.x,
 * which zlib-compresses bodies of 4 KiB and more) and the 5.x gRPC client. A client's jars are fetched once
 * by Maven (`dependency:copy-dependencies` of a generated pom) into `~/.cache/ebb/interop/java/<artifact>-<version>/lib`
 * (`$EBB_INTEROP_JAVA_HOME` replaces `~/.cache/ebb/interop/java`), the harness in test/interop/java is
 * compiled against them once per source change, and `produce()` runs it as a child JVM on a plan of
 * messages, returning each message's id as the broker assigned it. `javaInteropSkip` says what is missing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { FetchFailedError } from '../../src/rocketmq/index.js';
import { runTool } from '../../src/rocketmq/local/index.js';
import { repoPath } from './ebb.js';

export interface JavaClient {
  /** Shown in progress lines and test names, e.g. `rocketmq-client 5.3.3`. */
  readonly label: string;
  readonly artifactId: string;
  readonly version: string;
  /** The harness class that sends with this client. */
  readonly main: 'RemotingProducer' | 'GrpcProducer';
  /** Whether this client compresses bodies of 4 KiB and more (the remoting clients do). */
  readonly compresses: boolean;
}

const client = (artifactId: string, version: string, main: JavaClient['main']): JavaClient => ({
  label: `${artifactId} ${version}`,
  artifactId,
  version,
  main,
  compresses: main === 'RemotingProducer',
});

export const REMOTING_5 = client('rocketmq-client', '5.3.3', 'RemotingProducer');
export const REMOTING_4 = client('rocketmq-client', '4.9.8', 'RemotingProducer');
/** The newest 5.0.x of the gRPC client on Maven Central. */
export const GRPC_5 = client('rocketmq-client-java', '5.0.8', 'GrpcProducer');
export const JAVA_CLIENTS: readonly JavaClient[] = [REMOTING_5, REMOTING_4, GRPC_5];

/** The remoting client compresses bodies of this many bytes or more (`compressMsgBodyOverHowmuch`). */
export const COMPRESS_OVER_BYTES = 4 * 1024;

const HARNESS_DIR = repoPath('test', 'interop', 'java');
const HARNESS_SOURCES: Record<JavaClient['main'], string[]> = {
  RemotingProducer: ['Plan.java', 'RemotingProducer.java'],
  GrpcProducer: ['Plan.java', 'GrpcProducer.java'],
};
const MARKER = '.ebb-complete';
/** How often a running fetch says it is still running, ms. */
const HEARTBEAT_MS = 15_000;
const FETCH_TIMEOUT_MS = 15 * 60_000;
const DEFAULT_PRODUCE_TIMEOUT_MS = 5 * 60_000;

const progress = (message: string) => process.stderr.write(`java-interop: ${message}\n`);

export function interopHome(c: JavaClient): string {
  const root = process.env.EBB_INTEROP_JAVA_HOME || join(homedir(), '.cache', 'ebb', 'interop', 'java');
  return join(root, `${c.artifactId}-${c.version}`);
}

const libOf = (c: JavaClient) => join(interopHome(c), 'lib');

function cached(c: JavaClient): boolean {
  try {
    return JSON.parse(readFileSync(join(libOf(c), MARKER), 'utf8')).version === c.version;
  } catch {
    return false;
  }
}

function jdkTool(name: 'java' | 'javac'): string {
  const home = process.env.JAVA_HOME;
  const bin = home ? join(home, 'bin', name) : '';
  return bin && existsSync(bin) ? bin : name;
}

const mvnCommand = () => process.env.EBB_MVN || 'mvn';
const runs = (cmd: string, arg: string) => {
  const r = spawnSync(cmd, [arg], { encoding: 'utf8', timeout: 60_000 });
  return !r.error && r.status === 0;
};

/** False, or why the Java interop tests cannot run here: javac, and Maven while a client is not cached. */
export function javaInteropSkip(clients: readonly JavaClient[] = JAVA_CLIENTS): string | false {
  if (!runs(jdkTool('javac'), '-version'))
    return 'Java interop tests skipped: this machine lacks javac (a JDK 17 on PATH or in JAVA_HOME)';
  if (clients.some((c) => !cached(c)) && !runs(mvnCommand(), '-v'))
    return 'Java interop tests skipped: this machine lacks mvn (Apache Maven 3, to fetch the Java clients once)';
  return false;
}

function pomXml(c: JavaClient): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.ebb</groupId>
  <artifactId>ebb-interop-${c.artifactId}</artifactId>
  <version>${c.version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.rocketmq</groupId><artifactId>${c.artifactId}</artifactId><version>${c.version}</version></dependency>
  </dependencies>
</project>
`;
}

/** The client's `lib/`, running Maven first when it is not cached (into a temporary folder, renamed into place). */
async function ensureLib(c: JavaClient): Promise<string> {
  const home = interopHome(c);
  const lib = libOf(c);
  if (cached(c)) return lib;
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'pom.xml'), pomXml(c));
  const tmp = join(home, `lib.tmp-${process.pid}-${Date.now()}`);
  const started = Date.now();
  progress(`fetching ${c.label} and its dependencies with Maven into ${lib} (first run only)`);
  const heartbeat = setInterval(
    () => progress(`still fetching ${c.label} (${Math.round((Date.now() - started) / 1000)} s)`),
    HEARTBEAT_MS,
  );
  try {
    const args = ['-q', '-B', '-f', join(home, 'pom.xml'), 'dependency:copy-dependencies'];
    await runTool(
      mvnCommand(),
      [...args, `-DoutputDirectory=${tmp}`, '-DincludeScope=runtime'],
      home,
      FETCH_TIMEOUT_MS,
    );
    const jars = readdirSync(tmp).filter((f) => f.endsWith('.jar'));
    if (!jars.includes(`${c.artifactId}-${c.version}.jar`))
      throw new FetchFailedError(`Maven finished but ${tmp} has no ${c.artifactId}-${c.version}.jar`);
    writeFileSync(join(tmp, MARKER), `${JSON.stringify({ version: c.version, jars: jars.length })}\n`);
    if (!cached(c)) {
      rmSync(lib, { recursive: true, force: true });
      renameSync(tmp, lib);
    }
    progress(`fetched ${jars.length} jars for ${c.label} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return lib;
  } finally {
    clearInterval(heartbeat);
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The harness compiled against the client's jars, in a folder named by a hash of its sources. */
async function ensureClasses(c: JavaClient, lib: string): Promise<string> {
  const sources = HARNESS_SOURCES[c.main].map((f) => join(HARNESS_DIR, f));
  const hash = createHash('sha256');
  for (const file of sources) hash.update(readFileSync(file));
  const classes = join(interopHome(c), `classes-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(join(classes, MARKER))) return classes;
  const tmp = `${classes}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const args = ['-encoding', 'UTF-8', '-nowarn', '-d', tmp, '-cp', join(lib, '*'), ...sources];
    await runTool(jdkTool('javac'), args, HARNESS_DIR, 120_000);
    writeFileSync(join(tmp, MARKER), '');
    if (!existsSync(join(classes, MARKER))) {
      rmSync(classes, { recursive: true, force: true });
      renameSync(tmp, classes);
    }
    progress(`compiled ${c.main} against ${c.label}`);
    return classes;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface JavaMessage {
  topic: string;
  /** Neither Java client sends an empty body ("the message body length is zero"). */
  body: Buffer;
  tag?: string;
  keys?: string[];
  properties?: Record<string, string>;
  /** Remoting clients only: spoil the compressed body after compression (the body must be ≥ 4 KiB). */
  corrupt?: boolean;
}

export interface JavaSent {
  /** Position of the message in the list given to `produce`. */
  index: number;
  /** The message id a consumer sees (the remoting client's UNIQ_KEY, the gRPC client's message id). */
  msgId: string;
  queueId: number;
  offset: number;
  /** The body went out compressed (the remoting client's own decision). */
  compressed: boolean;
}

export interface ProduceTarget {
  /** The name server, for the remoting clients. */
  namesrvAddr: string;
  /** The proxy's gRPC endpoint, for the gRPC client. */
  proxyEndpoint: string;
}

export interface JavaProducer {
  readonly client: JavaClient;
  /** Sends every message (up to `window` at once); rejects, with the client's errors, unless all were sent. */
  produce(target: ProduceTarget, messages: JavaMessage[], options?: { window?: number }): Promise<JavaSent[]>;
}

/** Fetches (once) and compiles (once per source change) the harness for `c`. */
export async function javaProducer(c: JavaClient): Promise<JavaProducer> {
  const lib = await ensureLib(c);
  const classes = await ensureClasses(c, lib);
  return {
    client: c,
    produce: (target, messages, options = {}) =>
      produceWith(c, [classes, join(lib, '*')], target, messages, options),
  };
}

const enc = encodeURIComponent;

function planLines(messages: JavaMessage[]): { plan: string; bodies: Buffer } {
  let offset = 0;
  const lines = messages.map((m, i) => {
    const props = Object.entries(m.properties ?? {})
      .map(([k, v]) => `${enc(k)}=${enc(v)}`)
      .join('&');
    const keys = (m.keys ?? []).map(enc).join(',');
    const line = [
      i,
      enc(m.topic),
      m.tag ? enc(m.tag) : '',
      keys,
      offset,
      m.body.length,
      props,
      m.corrupt ? 'corrupt' : '',
    ];
    offset += m.body.length;
    return line.join('\t');
  });
  return { plan: `${lines.join('\n')}\n`, bodies: Buffer.concat(messages.map((m) => m.body)) };
}

async function produceWith(
  c: JavaClient,
  classpath: string[],
  target: ProduceTarget,
  messages: JavaMessage[],
  options: { window?: number },
): Promise<JavaSent[]> {
  const work = mkdtempSync(join(tmpdir(), 'ebb-java-produce-'));
  let keep = false;
  try {
    const { plan, bodies } = planLines(messages);
    const files = {
      plan: join(work, 'plan.tsv'),
      bodies: join(work, 'bodies.bin'),
      out: join(work, 'sent.jsonl'),
    };
    writeFileSync(files.plan, plan);
    writeFileSync(files.bodies, bodies);
    const address =
      c.main === 'GrpcProducer' ? ['--endpoint', target.proxyEndpoint] : ['--namesrv', target.namesrvAddr];
    const jvm = [
      '-Xmx768m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.net.preferIPv4Stack=true',
    ];
    const args = [
      ...jvm,
      // The clients log under user.home (~/logs/rocketmqlogs, ~/logs/rocketmq): keep that in the work folder.
      `-Duser.home=${work}`,
      '-cp',
      classpath.join(delimiter),
      c.main,
      ...address,
      ...['--plan', files.plan, '--bodies', files.bodies, '--out', files.out],
      ...['--window', String(options.window ?? 32)],
    ];
    let failure: Error | undefined;
    try {
      await runTool(jdkTool('java'), args, work, DEFAULT_PRODUCE_TIMEOUT_MS);
    } catch (err) {
      failure = err as Error;
    }
    const rows = existsSync(files.out)
      ? readFileSync(files.out, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as JavaSent & { error?: string })
      : [];
    const errors = rows.filter((r) => r.error !== undefined);
    if (failure || errors.length > 0 || rows.length !== messages.length) {
      const shown = errors.slice(0, 5).map((r) => `  #${r.index}: ${r.error}`);
      keep = true;
      throw new Error(
        `${c.label}: ${rows.length - errors.length} of ${messages.length} sent, ${errors.length} failed\n${shown.join('\n')}` +
          (failure ? `\n${failure.message}` : '') +
          `\n(plan, results and the client's logs kept in ${work})`,
      );
    }
    return rows.sort((a, b) => a.index - b.index);
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}
