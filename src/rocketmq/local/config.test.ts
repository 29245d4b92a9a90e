import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { groupArgs, topicArgs } from './admin.js';
import {
  brokerProperties,
  COMMIT_LOG_FILE_BYTES,
  layout,
  namesrvProperties,
  pomXml,
  proxyArgs,
  proxyJson,
} from './config.js';
import { javaAvailable } from './java.js';

const ports = { namesrv: 19876, broker: 19911, brokerHa: 19912, proxyGrpc: 19081, proxyRemoting: 19080 };

const props = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );

describe('rocketmq config', () => {
  it('config - the broker advertises and binds 127.0.0.1 with small store files', () => {
    const p = props(brokerProperties(ports, '/data/store'));
    assert.equal(p.brokerIP1, '127.0.0.1');
    assert.equal(p.bindAddress, '127.0.0.1');
    assert.equal(p.namesrvAddr, '127.0.0.1:19876');
    assert.equal(p.listenPort, '19911');
    assert.equal(p.haListenPort, '19912');
    assert.equal(p.storePathRootDir, '/data/store');
    assert.ok(Number(p.mappedFileSizeCommitLog) <= 64 * 1024 * 1024);
    assert.equal(Number(p.mappedFileSizeCommitLog), COMMIT_LOG_FILE_BYTES);
    assert.ok(
      Number(p.mappedFileSizeConsumeQueue) % 20 === 0,
      'consume queue files hold whole 20-byte units',
    );
    assert.equal(p.autoCreateTopicEnable, 'true');
  });

  it('config - the name server binds loopback on its port', () => {
    assert.deepEqual(props(namesrvProperties(ports)), { listenPort: '19876', bindAddress: '127.0.0.1' });
  });

  it('config - the proxy serves 127.0.0.1 with its remoting port off 8080', () => {
    const p = JSON.parse(proxyJson(ports));
    assert.equal(p.localServeAddr, '127.0.0.1');
    assert.equal(p.grpcServerPort, 19081);
    assert.equal(p.remotingListenPort, 19080);
    assert.equal(p.namesrvAddr, '127.0.0.1:19876');
  });

  it('config - the proxy runs in local mode with both config files and a small heap', () => {
    const l = layout('/data');
    const args = proxyArgs('/cache/lib', l);
    assert.deepEqual(args.slice(-7), [
      'org.apache.rocketmq.proxy.ProxyStartup',
      '-pm',
      'local',
      '-bc',
      '/data/conf/broker.conf',
      '-pc',
      '/data/conf/rmq-proxy.json',
    ]);
    assert.ok(args.includes('-Xmx512m'));
    assert.ok(args.includes('-Duser.home=/data'));
    assert.equal(args[args.indexOf('-cp') + 1], '/cache/lib/*');
  });

  it('config - the pom depends on proxy, namesrv and tools of one version', () => {
    const pom = pomXml('5.3.3');
    for (const a of ['rocketmq-proxy', 'rocketmq-namesrv', 'rocketmq-tools']) {
      assert.match(pom, new RegExp(`<artifactId>${a}</artifactId><version>5\\.3\\.3</version>`));
    }
  });

  it('admin - FIFO topics and orderly groups', () => {
    const t = topicArgs('127.0.0.1:1', 'orders', { fifo: true });
    assert.deepEqual(t.slice(t.indexOf('-a'), t.indexOf('-a') + 2), ['-a', '+message.type=FIFO']);
    assert.ok(topicArgs('127.0.0.1:1', 'orders').includes('+message.type=NORMAL'));
    const g = groupArgs('127.0.0.1:1', 'g', { fifo: true, maxRetries: 3 });
    assert.deepEqual(g.slice(g.indexOf('-o')), ['-o', 'true', '-r', '3']);
  });
});

describe('rocketmq java check', () => {
  it('java - says java is missing when it is not on PATH', () => {
    const saved = { PATH: process.env.PATH, JAVA_HOME: process.env.JAVA_HOME };
    process.env.PATH = '/nonexistent';
    delete process.env.JAVA_HOME;
    try {
      const check = javaAvailable();
      assert.equal(check.ok, false);
      assert.match(check.ok ? '' : check.missing, /^java \(a JDK 17 on PATH or in JAVA_HOME/);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.JAVA_HOME !== undefined) process.env.JAVA_HOME = saved.JAVA_HOME;
    }
  });

  it('java - says mvn is missing when the jars are not cached and Maven is absent', (t) => {
    const first = javaAvailable({ home: '/nonexistent' });
    if (!first.ok && first.missing.startsWith('java')) {
      t.skip(`no java here: ${first.missing}`);
      return;
    }
    const home = mkdtempSync(join(tmpdir(), 'ebb-rocketmq-home-'));
    const saved = process.env.EBB_MVN;
    process.env.EBB_MVN = '/nonexistent/mvn';
    try {
      const check = javaAvailable({ home });
      assert.equal(check.ok, false);
      assert.match(check.ok ? '' : check.missing, /^mvn \(Apache Maven 3 on PATH/);
    } finally {
      if (saved === undefined) delete process.env.EBB_MVN;
      else process.env.EBB_MVN = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
