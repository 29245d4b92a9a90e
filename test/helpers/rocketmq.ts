/**
 * What the RocketMQ source end-to-end files share: a real local RocketMQ (the project's own start-up code:
 * jars through Maven, name server + proxy on loopback) with the topics and groups a file asks for, an
 * `ebb up` that finds it, subscribers, and creating a RocketMQSource and waiting until it is Ready. Every
 * process is stopped by its own handle when the file ends. `rocketmqSkip` says what is missing, if anything.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { javaAvailable, type LocalRocketMQ, startLocalRocketMQ } from '../../src/rocketmq/index.js';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from './ebb.js';
import { apiCall } from './http.js';
import { type Subscriber, type SubscriberOptions, startSubscriber } from './subscriber.js';

export const SOURCES = '/apis/sources.knative.dev/v1alpha1/namespaces/default/rocketmqsources';

const check = javaAvailable();
/** False, or why RocketMQ tests cannot run here (printed once per file). */
export const rocketmqSkip: string | false = check.ok
  ? false
  : `RocketMQ source tests skipped: this machine lacks ${check.missing}`;

export interface SourceSuite {
  readonly mq: LocalRocketMQ;
  readonly ebb: EbbProcess;
  /** The TMPDIR of `ebb up` and so of its replicas (the food-delivery functions keep their store there). */
  readonly tmpDir: string;
  /** Starts a new `ebb up` on the same data dir (after a kill), replacing `ebb`. */
  restartEbb(): Promise<void>;
  subscriber(answer?: SubscriberOptions['answer']): Promise<Subscriber>;
  /** Creates a RocketMQSource named `name` in `default` and waits until it is Ready. */
  createSource(
    name: string,
    spec: Record<string, unknown>,
    annotations?: Record<string, string>,
  ): Promise<void>;
}

/** Registers before/after hooks (call inside a describe) and returns the suite they fill in. */
export function rocketmqSuite(setup: (mq: LocalRocketMQ) => Promise<void>): SourceSuite {
  if (rocketmqSkip) process.stderr.write(`${rocketmqSkip}\n`);
  let mq: LocalRocketMQ | undefined;
  let ebb: EbbProcess | undefined;
  const dataDir = tmpDataDir();
  const tmpDir = tmpDataDir('ebb-suite-tmp-');
  const subscribers: Subscriber[] = [];
  const start = async () => {
    ebb = await startEbb({ dataDir, env: { EBB_ROCKETMQ_DATA_DIR: mq!.dataDir, TMPDIR: tmpDir } });
  };
  before(
    async () => {
      mq = await startLocalRocketMQ({ dataDir: tmpDataDir('ebb-rocketmq-e2e-') });
      await setup(mq);
      await start();
    },
    { timeout: 300_000 },
  );
  after(async () => {
    await ebb?.stop();
    for (const s of subscribers) await s.close();
    await mq?.stop();
  });
  return {
    get mq() {
      return mq!;
    },
    get ebb() {
      return ebb!;
    },
    tmpDir,
    restartEbb: start,
    async subscriber(answer) {
      const s = await startSubscriber(answer ? { answer } : {});
      subscribers.push(s);
      return s;
    },
    async createSource(name, spec, annotations) {
      const res = await apiCall(ebb!.apiUrl, 'POST', SOURCES, {
        apiVersion: 'sources.knative.dev/v1alpha1',
        kind: 'RocketMQSource',
        metadata: annotations ? { name, annotations } : { name },
        spec,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const waited = await runCli(['wait', 'rocketmqsource', name, '--timeout', '60s'], {
        server: ebb!.apiUrl,
      });
      assert.equal(waited.code, 0, `${waited.stdout}${waited.stderr}\n${ebb!.output().slice(-3000)}`);
    },
  };
}
