/**
 * Kubernetes Events end to end: against a real `ebb up`, a Service's reconcilers record Knative's Normal
 * events (Created Configuration/Route/Revision, Ready), a Trigger whose Broker is missing records a Warning
 * BrokerDoesNotExist, and the same event happening again bumps `count` on one Event instead of adding one.
 * `ebb get events` and the `/api/v1` REST path show them; so does `kubectl get events` when kubectl is on
 * PATH.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type EbbProcess, repoPath, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { findKubectl, runKubectl } from '../helpers/kubectl.js';

const EVENTS = '/api/v1/namespaces/default/events';
const APP = repoPath('test', 'fixtures', 'app.mjs');

interface Ev {
  metadata: { name: string };
  involvedObject: { kind: string; name: string; uid?: string };
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: { component: string };
}

const serviceYaml = (greeting: string) => `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    spec:
      containers:
        - image: ebb.dev/test/app
          command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(APP)}]
          env:
            - name: GREETING
              value: ${greeting}
`;

const TRIGGER = `apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata:
  name: orphan
spec:
  broker: missing
  subscriber:
    uri: http://127.0.0.1:9/
`;

const BROKER = `apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: missing
`;

describe('events', () => {
  let ebb: EbbProcess;
  const cli = async (args: string[], input?: string) => {
    const res = await runCli(args, { server: ebb.apiUrl, ...(input !== undefined ? { input } : {}) });
    assert.equal(res.code, 0, `ebb ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };
  const events = async (): Promise<Ev[]> => (await apiCall(ebb.apiUrl, 'GET', EVENTS)).body.items;
  const find = (all: Ev[], kind: string, name: string, reason: string) =>
    all.filter(
      (e) => e.involvedObject.kind === kind && e.involvedObject.name === name && e.reason === reason,
    );
  /** The one Event with that reason, once it exists (and, if given, once its count reaches `count`). */
  const one = (kind: string, name: string, reason: string, count = 1) =>
    eventually(`${kind}/${name} ${reason} x${count}`, async () => {
      const found = find(await events(), kind, name, reason);
      assert.ok(found.length <= 1, `one ${reason} Event, not ${found.length}`);
      return found[0] && found[0].count >= count ? found[0] : undefined;
    });

  before(async () => {
    ebb = await startEbb();
  });
  after(() => ebb?.stop());

  test('events - a Service records Created and Ready as Normal events', async () => {
    await cli(['apply', '-f', '-'], serviceYaml('one'));
    await cli(['wait', 'ksvc', 'hello', '--timeout', '20s']);
    const all = await eventually('the Service Ready event', async () => {
      const list = await events();
      return find(list, 'Service', 'hello', 'Ready').length ? list : undefined;
    });
    const messages = (kind: string, name: string) =>
      all
        .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
        .map((e) => `${e.type} ${e.reason} ${e.message}`);
    assert.deepEqual(
      messages('Service', 'hello')
        .filter((m) => m.includes('Created'))
        .sort(),
      ['Normal Created Created Configuration "hello"', 'Normal Created Created Route "hello"'],
    );
    assert.ok(messages('Service', 'hello').includes('Normal Ready Service "hello" is Ready'));
    assert.ok(messages('Configuration', 'hello').includes('Normal Created Created Revision "hello-00001"'));
    const ready = find(all, 'Service', 'hello', 'Ready')[0]!;
    assert.match(ready.metadata.name, /^hello\.[0-9a-f]+$/);
    assert.equal(ready.source.component, 'ebb-controller');
    assert.ok(ready.involvedObject.uid);
    assert.equal(ready.count, 1);
  });

  test('events - a Trigger without its Broker records a Warning BrokerDoesNotExist', async () => {
    await cli(['apply', '-f', '-'], TRIGGER);
    const warning = await one('Trigger', 'orphan', 'BrokerDoesNotExist');
    assert.equal(warning.type, 'Warning');
    assert.equal(warning.message, 'Broker "missing" does not exist');

    const table = (await cli(['get', 'events'])).split('\n');
    assert.match(table[0]!, /^NAME\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\s+AGE$/);
    assert.ok(
      table.some((l) =>
        /\sWarning\s+BrokerDoesNotExist\s+trigger\/orphan\s+Broker "missing" does not exist\s/.test(l),
      ),
      table.join('\n'),
    );
    assert.ok(
      table.some((l) => /\sNormal\s+Created\s+service\/hello\s+Created Configuration "hello"\s/.test(l)),
    );
  });

  test('events - the same event again bumps count and lastTimestamp on one Event', async () => {
    // The Broker appears (the Trigger turns Ready), then goes again: BrokerDoesNotExist a second time.
    await cli(['apply', '-f', '-'], BROKER);
    await one('Trigger', 'orphan', 'Ready');
    const before = (await events()).length;
    await cli(['delete', 'broker', 'missing']);
    const again = await one('Trigger', 'orphan', 'BrokerDoesNotExist', 2);
    assert.equal(again.count, 2);
    assert.ok(again.lastTimestamp >= again.firstTimestamp);
    assert.equal((await events()).length, before, 'no new Event object');

    // A new template: the Service goes through not-Ready to Ready again, one Ready Event counted twice.
    await cli(['apply', '-f', '-'], serviceYaml('two'));
    const ready = await one('Service', 'hello', 'Ready', 2);
    assert.equal(ready.count, 2);
  });

  const kubectl = findKubectl();
  test('events - kubectl get events prints them', {
    skip: 'skip' in kubectl ? kubectl.skip : false,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebb-events-kubectl-'));
    const kubeconfig = join(dir, 'kubeconfig');
    await cli(['kubeconfig', '-o', kubeconfig]);
    const res = await runKubectl((kubectl as { path: string }).path, ['get', 'events'], {
      kubeconfig,
      cacheDir: join(dir, 'cache'),
    });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^NAME\s+LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\s+AGE\n/);
    assert.match(
      res.stdout,
      /Warning\s+BrokerDoesNotExist\s+trigger\/orphan\s+Broker "missing" does not exist/,
    );
  });
});
