/**
 * Pure builders for the files a local RocketMQ reads: the name server's properties, the embedded broker's
 * properties and the proxy's JSON, plus the JVM command lines. No I/O here, so they are tested as data.
 *
 * Every address is 127.0.0.1: without `brokerIP1` and the proxy's `localServeAddr`, RocketMQ advertises the
 * first non-loopback address it finds, and clients on this machine then fail to route.
 */
import { join } from 'node:path';

/** The RocketMQ release whose jars are fetched. 5.3.3 is the newest 5.3 on Maven Central. */
export const DEFAULT_ROCKETMQ_VERSION = '5.3.3';
export const CLUSTER_NAME = 'DefaultCluster';
export const BROKER_NAME = 'broker-a';
/** 64 MiB commit-log files (RocketMQ's default is 1 GiB, allocated up front). */
export const COMMIT_LOG_FILE_BYTES = 64 * 1024 * 1024;
/** 100,000 consume-queue entries of 20 bytes per file (RocketMQ's default is 300,000). */
export const CONSUME_QUEUE_FILE_BYTES = 100_000 * 20;
export const NAMESRV_HEAP = '256m';
export const PROXY_HEAP = '512m';
export const ADMIN_HEAP = '128m';

export const NAMESRV_MAIN = 'org.apache.rocketmq.namesrv.NamesrvStartup';
export const PROXY_MAIN = 'org.apache.rocketmq.proxy.ProxyStartup';
export const ADMIN_MAIN = 'org.apache.rocketmq.tools.command.MQAdminStartup';

/** The ports one local RocketMQ listens on. The broker also listens on `broker - 2` (its "fast" port). */
export interface LocalPorts {
  namesrv: number;
  broker: number;
  brokerHa: number;
  proxyGrpc: number;
  proxyRemoting: number;
}

/** Where one instance keeps its files, all under its data directory. */
export interface LocalLayout {
  dataDir: string;
  confDir: string;
  logDir: string;
  storeDir: string;
  namesrvConf: string;
  brokerConf: string;
  proxyConf: string;
  namesrvOut: string;
  proxyOut: string;
  /** RocketMQ's own logs (broker.log, proxy.log, ...), under `user.home`, which is set to the data dir. */
  rocketmqLogDir: string;
  stateFile: string;
}

export function layout(dataDir: string): LocalLayout {
  const confDir = join(dataDir, 'conf');
  const logDir = join(dataDir, 'logs');
  return {
    dataDir,
    confDir,
    logDir,
    storeDir: join(dataDir, 'store'),
    namesrvConf: join(confDir, 'namesrv.conf'),
    brokerConf: join(confDir, 'broker.conf'),
    proxyConf: join(confDir, 'rmq-proxy.json'),
    namesrvOut: join(logDir, 'namesrv.out'),
    proxyOut: join(logDir, 'proxy.out'),
    rocketmqLogDir: join(logDir, 'rocketmqlogs'),
    stateFile: join(dataDir, 'rocketmq.pid.json'),
  };
}

const properties = (entries: Record<string, string | number | boolean>): string =>
  `${Object.entries(entries)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;

export function namesrvProperties(ports: LocalPorts): string {
  return properties({ listenPort: ports.namesrv, bindAddress: '127.0.0.1' });
}

export function brokerProperties(ports: LocalPorts, storeDir: string): string {
  return properties({
    brokerClusterName: CLUSTER_NAME,
    brokerName: BROKER_NAME,
    brokerId: 0,
    brokerRole: 'ASYNC_MASTER',
    flushDiskType: 'ASYNC_FLUSH',
    brokerIP1: '127.0.0.1',
    bindAddress: '127.0.0.1',
    namesrvAddr: `127.0.0.1:${ports.namesrv}`,
    listenPort: ports.broker,
    haListenPort: ports.brokerHa,
    storePathRootDir: storeDir,
    storePathCommitLog: join(storeDir, 'commitlog'),
    mappedFileSizeCommitLog: COMMIT_LOG_FILE_BYTES,
    mappedFileSizeConsumeQueue: CONSUME_QUEUE_FILE_BYTES,
    autoCreateTopicEnable: true,
    autoCreateSubscriptionGroup: true,
    // SQL92 selectors (a RocketMQSource's `selector.type: SQL92`) need the broker's property filter.
    enablePropertyFilter: true,
    // A developer's disk is often fuller than RocketMQ's production thresholds (75% / 90%), at which the
    // broker starts deleting files early or refuses writes; a dev broker tolerates a fuller disk.
    diskMaxUsedSpaceRatio: 95,
    diskSpaceCleanForciblyRatio: 97,
    diskSpaceWarningLevelRatio: 98,
    fileReservedTime: 24,
  });
}

export function proxyJson(ports: LocalPorts): string {
  return `${JSON.stringify(
    {
      rocketMQClusterName: CLUSTER_NAME,
      namesrvAddr: `127.0.0.1:${ports.namesrv}`,
      localServeAddr: '127.0.0.1',
      grpcServerPort: ports.proxyGrpc,
      remotingListenPort: ports.proxyRemoting,
      grpcShutdownTimeSeconds: 1,
    },
    null,
    2,
  )}\n`;
}

/** `java` arguments for one RocketMQ main class, with `user.home` (where RocketMQ logs) in the data dir. */
export function jvmArgs(
  libDir: string,
  dataDir: string,
  heap: string,
  main: string,
  args: string[],
  extra: string[] = [],
): string[] {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseSerialGC',
    ...extra,
    '-Djava.net.preferIPv4Stack=true',
    `-Duser.home=${dataDir}`,
    `-Drocketmq.home.dir=${dataDir}`,
    '-cp',
    join(libDir, '*'),
    main,
    ...args,
  ];
}

export function namesrvArgs(libDir: string, l: LocalLayout): string[] {
  // Routing metadata only: C1 only starts faster and is plenty.
  return jvmArgs(
    libDir,
    l.dataDir,
    NAMESRV_HEAP,
    NAMESRV_MAIN,
    ['-c', l.namesrvConf],
    ['-XX:TieredStopAtLevel=1'],
  );
}

export function proxyArgs(libDir: string, l: LocalLayout): string[] {
  return jvmArgs(libDir, l.dataDir, PROXY_HEAP, PROXY_MAIN, [
    '-pm',
    'local',
    '-bc',
    l.brokerConf,
    '-pc',
    l.proxyConf,
  ]);
}

export function adminArgs(libDir: string, dataDir: string, args: string[]): string[] {
  // A short-lived command: C1 only starts faster.
  return jvmArgs(libDir, dataDir, ADMIN_HEAP, ADMIN_MAIN, args, ['-XX:TieredStopAtLevel=1']);
}

/** The pom whose dependencies are the jars to run namesrv, the proxy (broker inside) and mqadmin. */
export function pomXml(version: string): string {
  const dep = (artifact: string) =>
    `    <dependency><groupId>org.apache.rocketmq</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.ebb</groupId>
  <artifactId>ebb-rocketmq-local</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${['rocketmq-proxy', 'rocketmq-namesrv', 'rocketmq-tools'].map(dep).join('\n')}
  </dependencies>
</project>
`;
}
