/**
 * Foundation end to end: a real `ebb up` child process, driven through its CLI and HTTP API as a user
 * would: the seed scenario's manifests, revisions on template changes, restart durability, watch, and
 * optimistic concurrency.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse as parseYaml } from 'yaml';
import { type EbbProcess, runCli, sharedDataPath, startEbb, tmpDataDir } from '../helpers/ebb.js';

const seed = sharedDataPath('seed-sample');

async function api(
  ebb: EbbProcess,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
) {
  const res = await fetch(ebb.apiUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const SVC = '/apis/serving.knative.dev/v1/namespaces/default/services';
const REV = '/apis/serving.knative.dev/v1/namespaces/default/revisions';

describe('foundation', {
  skip: seed ? false : 'shared/data/seed-sample not found next to the repository',
}, () => {
  let ebb: EbbProcess;
  let dataDir: string;
  before(async () => {
    dataDir = tmpDataDir();
    ebb = await startEbb({ dataDir });
  });
  after(async () => {
    await ebb?.stop();
  });

  test('apply the seed folder: everything but the placeholder Secret applies', async () => {
    const out = await runCli(['apply', '-f', seed!], { server: ebb.apiUrl });
    assert.equal(out.code, 1, 'the invalid Secret makes apply fail');
    assert.match(out.stderr, /data\.alirocketmqsource/);
    assert.match(out.stderr, /base64/);
    for (const created of [
      'serviceaccount/alirocketmqsource-sa',
      'clusterrolebinding.rbac.authorization.k8s.io/eventing-sources-rocketmqsource',
      'rocketmqsource.sources.knative.dev/rocketmqsource',
      'broker.eventing.knative.dev/order',
      'service.serving.knative.dev/order-service',
      'trigger.eventing.knative.dev/order-service-trigger',
    ]) {
      assert.match(out.stdout, new RegExp(`${created.replaceAll('.', '\\.')} created`), created);
    }
    const secret = await api(ebb, 'GET', '/api/v1/namespaces/default/secrets/alirocketmqsource-secret');
    assert.equal(secret.status, 404, 'the rejected Secret is not stored');
  });

  test('the same Secret with a valid base64 value applies, and get redacts it', async () => {
    const doc = parseYaml(readFileSync(`${seed}/203-secret.yaml`, 'utf8'));
    doc.data.alirocketmqsource = Buffer.from('{"url":"http://127.0.0.1:8081"}').toString('base64');
    const out = await runCli(['apply', '-f', '-'], { server: ebb.apiUrl, input: JSON.stringify(doc) });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /secret\/alirocketmqsource-secret created/);
    const shown = await runCli(['get', 'secret', 'alirocketmqsource-secret', '-o', 'json'], {
      server: ebb.apiUrl,
    });
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(!shown.stdout.includes(doc.data.alirocketmqsource), 'secret value is redacted');
    const revealed = await runCli(
      ['get', 'secret', 'alirocketmqsource-secret', '-o', 'json', '--show-secrets'],
      {
        server: ebb.apiUrl,
      },
    );
    assert.equal(JSON.parse(revealed.stdout).data.alirocketmqsource, doc.data.alirocketmqsource);
  });

  test('the order-service is stored as serving.knative.dev/v1 with its fields intact', async () => {
    const out = await runCli(['get', 'ksvc', 'order-service', '-o', 'json'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
    const svc = JSON.parse(out.stdout);
    assert.equal(svc.apiVersion, 'serving.knative.dev/v1');
    const tmpl = svc.spec.template;
    assert.equal(tmpl.metadata.annotations['autoscaling.knative.dev/maxScale'], '20');
    assert.equal(tmpl.metadata.annotations['autoscaling.knative.dev/minScale'], '1');
    assert.equal(tmpl.spec.containerConcurrency, 10);
    const env = Object.fromEntries(tmpl.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    assert.equal(env.TABLE_NAME, 'orderinfo');
    assert.equal(env.OTS_TEST_ENDPOINT, 'https://xx.ots.aliyuncs.com');
    assert.equal(Object.keys(env).length, 5);
  });

  test('the first revision is created and listed', async () => {
    await eventually('order-service-00001', async () => {
      const r = await api(ebb, 'GET', `${REV}/order-service-00001`);
      return r.status === 200 ? r.body : undefined;
    });
    const out = await runCli(['get', 'revisions'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /order-service-00001/);
    const svc = await eventually('latestCreatedRevisionName', async () => {
      const s = (await api(ebb, 'GET', `${SVC}/order-service`)).body;
      return s.status?.latestCreatedRevisionName ? s : undefined;
    });
    assert.equal(svc.status.latestCreatedRevisionName, 'order-service-00001');
    assert.match(svc.status.url, /^http:\/\/order-service\.default\.localhost:\d+$/);
  });

  test('broker, trigger and source are stored at their current versions with fields mapped', async () => {
    const broker = (await api(ebb, 'GET', '/apis/eventing.knative.dev/v1/namespaces/default/brokers/order'))
      .body;
    assert.equal(broker.apiVersion, 'eventing.knative.dev/v1');
    assert.ok(broker.metadata.annotations['eventing.knative.dev/broker.class']);
    const trigger = (
      await api(ebb, 'GET', '/apis/eventing.knative.dev/v1/namespaces/default/triggers/order-service-trigger')
    ).body;
    assert.equal(trigger.apiVersion, 'eventing.knative.dev/v1');
    assert.equal(trigger.spec.broker, 'order');
    assert.deepEqual(
      { ...trigger.spec.subscriber.ref, namespace: undefined },
      { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'order-service', namespace: undefined },
    );
    const source = (
      await api(
        ebb,
        'GET',
        '/apis/sources.knative.dev/v1alpha1/namespaces/default/rocketmqsources/rocketmqsource',
      )
    ).body;
    assert.equal(source.apiVersion, 'sources.knative.dev/v1alpha1');
    assert.equal(source.spec.topic, 'topic-knative');
    assert.equal(source.spec.groupName, 'GID_Knative');
    assert.equal(source.spec.sink.ref.apiVersion, 'eventing.knative.dev/v1');
    assert.equal(source.spec.sink.ref.name, 'order');
    assert.deepEqual(source.spec.accessToken.secretKeyRef, {
      key: 'alirocketmqsource',
      name: 'alirocketmqsource-secret',
    });
  });

  test('re-applying unchanged changes nothing; a template change makes order-service-00002', async () => {
    const file = `${seed}/ksvc-order-service.yaml`;
    const before = (await api(ebb, 'GET', `${SVC}/order-service`)).body;
    const again = await runCli(['apply', '-f', file], { server: ebb.apiUrl });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /service\.serving\.knative\.dev\/order-service unchanged/);
    await sleep(300);
    const same = (await api(ebb, 'GET', `${SVC}/order-service`)).body;
    assert.equal(same.metadata.generation, before.metadata.generation);
    assert.equal((await api(ebb, 'GET', `${REV}/order-service-00002`)).status, 404);

    const doc = parseYaml(readFileSync(file, 'utf8'));
    doc.spec.template.spec.containers[0].env.push({ name: 'NEW_VAR', value: 'yes' });
    const changed = await runCli(['apply', '-f', '-'], { server: ebb.apiUrl, input: JSON.stringify(doc) });
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /order-service configured/);
    const svc = await eventually('order-service-00002', async () => {
      const s = (await api(ebb, 'GET', `${SVC}/order-service`)).body;
      return s.status?.latestCreatedRevisionName === 'order-service-00002' ? s : undefined;
    });
    assert.equal(svc.metadata.generation, before.metadata.generation + 1);
    const rev = (await api(ebb, 'GET', `${REV}/order-service-00002`)).body;
    assert.equal(rev.spec.containers[0].env.at(-1).name, 'NEW_VAR');
    assert.equal(rev.metadata.labels['serving.knative.dev/configurationGeneration'], '2');
  });

  test('a watch streams ADDED, MODIFIED and DELETED in order; a stale resourceVersion gets 409', async () => {
    const start = (await api(ebb, 'GET', SVC)).body.metadata.resourceVersion;
    const controller = new AbortController();
    const res = await fetch(`${ebb.apiUrl}${SVC}?watch=true&resourceVersion=${start}`, {
      signal: controller.signal,
    });
    const events: { type: string; name: string; rv: string }[] = [];
    const reading = (async () => {
      let buf = '';
      try {
        for await (const chunk of res.body as any) {
          buf += Buffer.from(chunk).toString();
          let nl = buf.indexOf('\n');
          while (nl >= 0) {
            const e = JSON.parse(buf.slice(0, nl));
            buf = buf.slice(nl + 1);
            if (e.object.metadata.name === 'watched') {
              events.push({
                type: e.type,
                name: e.object.metadata.name,
                rv: e.object.metadata.resourceVersion,
              });
            }
            nl = buf.indexOf('\n');
          }
        }
      } catch {
        // aborted
      }
    })();
    const svc = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'watched', namespace: 'default' },
      spec: { template: { spec: { containers: [{ command: ['node', 'x.js'] }] } } },
    };
    const created = await api(ebb, 'POST', SVC, svc);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const rv1 = created.body.metadata.resourceVersion;
    // Controllers write status too, so update from the latest copy (as kubectl edit does).
    const latest = (await api(ebb, 'GET', `${SVC}/watched`)).body;
    const updated = await api(ebb, 'PUT', `${SVC}/watched`, {
      ...latest,
      spec: { template: { spec: { containers: [{ command: ['node', 'y.js'] }] } } },
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    const stale = await api(ebb, 'PUT', `${SVC}/watched`, {
      ...created.body,
      metadata: { ...created.body.metadata, resourceVersion: rv1 },
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal((await api(ebb, 'DELETE', `${SVC}/watched`)).status, 200);
    await eventually('DELETED event', async () =>
      events.some((e) => e.type === 'DELETED') ? true : undefined,
    );
    controller.abort();
    await reading;
    const types = events.map((e) => e.type);
    assert.equal(types[0], 'ADDED');
    assert.equal(types.at(-1), 'DELETED');
    assert.ok(types.slice(1, -1).every((t) => t === 'MODIFIED') && types.length >= 3, types.join(','));
    const rvs = events.map((e) => Number(e.rv));
    assert.deepEqual(
      rvs,
      [...rvs].sort((a, b) => a - b),
      'events arrive in resourceVersion order',
    );
    // Its owned Configuration and Route were collected with it.
    assert.equal(
      (await api(ebb, 'GET', '/apis/serving.knative.dev/v1/namespaces/default/configurations/watched'))
        .status,
      404,
    );
  });

  test('SIGTERM and restart on the same data directory keeps objects, uids and resourceVersions', async () => {
    const snapshot = async () => {
      const out: Record<string, [string, string]> = {};
      for (const path of [
        SVC,
        REV,
        '/apis/eventing.knative.dev/v1/namespaces/default/triggers',
        '/api/v1/namespaces/default/secrets',
      ]) {
        for (const o of (await api(ebb, 'GET', path)).body.items) {
          out[`${o.kind}/${o.metadata.name}`] = [o.metadata.uid, o.metadata.resourceVersion];
        }
      }
      return out;
    };
    await sleep(500); // let reconcilers settle so nothing changes across the restart
    const before = await snapshot();
    assert.ok(Object.keys(before).length >= 5);
    const code = await ebb.stop('SIGTERM');
    assert.equal(code, 0, 'ebb up exits 0 on SIGTERM');
    ebb = await startEbb({ dataDir });
    const after = await snapshot();
    for (const [key, [uid, rv]] of Object.entries(before)) {
      assert.ok(after[key], `${key} survived`);
      assert.equal(after[key]![0], uid, `${key} uid`);
      assert.ok(Number(after[key]![1]) >= Number(rv), `${key} resourceVersion did not go backwards`);
    }
    // Objects nothing reconciles keep their exact resourceVersion (status URLs may carry a new port).
    const secret = (await api(ebb, 'GET', '/api/v1/namespaces/default/secrets/alirocketmqsource-secret'))
      .body;
    assert.equal(secret.metadata.resourceVersion, before['Secret/alirocketmqsource-secret']![1]);
  });
});
