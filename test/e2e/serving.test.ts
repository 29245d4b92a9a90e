/**
 * Serving end to end: Knative Services as real child processes behind `ebb up`'s router: the hello example,
 * the runtime contract, blue/green traffic and tags, containerConcurrency, timeouts, failing containers,
 * and revisions retired with requests in flight.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type EbbProcess, repoPath, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually, ingressGet } from '../helpers/http.js';

const SVC = '/apis/serving.knative.dev/v1/namespaces/default/services';
const APP = repoPath('test', 'fixtures', 'app.mjs');

function service(
  name: string,
  opts: {
    env?: Record<string, string>;
    spec?: Record<string, unknown>;
    traffic?: unknown[];
    annotations?: Record<string, string>;
  } = {},
) {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      template: {
        ...(opts.annotations ? { metadata: { annotations: opts.annotations } } : {}),
        spec: {
          ...(opts.spec ?? {}),
          containers: [
            {
              image: 'ebb.dev/test/app',
              command: [process.execPath, APP],
              env: Object.entries(opts.env ?? {}).map(([name, value]) => ({ name, value })),
            },
          ],
        },
      },
      ...(opts.traffic ? { traffic: opts.traffic } : {}),
    },
  };
}

describe('serving', () => {
  let ebb: EbbProcess;
  const host = (name: string) => `${name}.default.localhost`;
  const get = (name: string, path = '/', headers: Record<string, string> = {}) =>
    ingressGet(ebb.ingressUrl, host(name), path, headers);
  const apply = async (obj: ReturnType<typeof service>) => {
    const existing = await apiCall(ebb.apiUrl, 'GET', `${SVC}/${obj.metadata.name}`);
    const res =
      existing.status === 404
        ? await apiCall(ebb.apiUrl, 'POST', SVC, obj)
        : await apiCall(ebb.apiUrl, 'PUT', `${SVC}/${obj.metadata.name}`, obj);
    assert.ok(res.status < 300, JSON.stringify(res.body));
    return res.body;
  };
  const waitReady = async (name: string, revision?: string) => {
    const out = await runCli(['wait', 'ksvc', name, '--timeout', '30s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr + out.stdout);
    if (revision) {
      await eventually(`${name} ready at ${revision}`, async () => {
        const s = (await apiCall(ebb.apiUrl, 'GET', `${SVC}/${name}`)).body;
        return s.status?.latestReadyRevisionName === revision &&
          s.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True'
          ? s
          : undefined;
      });
    }
  };

  before(async () => {
    // A small activator buffer, so the queue-full test needs few requests.
    ebb = await startEbb({ args: ['--max-queue', '20'] });
  });
  after(async () => {
    await ebb?.stop();
  });

  test('hello: apply, wait, curl with the Host header answers from hello-00001; logs show its output', async () => {
    const applied = await runCli(['apply', '-f', repoPath('examples', 'hello', 'service.yaml')], {
      server: ebb.apiUrl,
    });
    assert.equal(applied.code, 0, applied.stderr);
    await waitReady('hello');
    const res = await get('hello');
    assert.equal(res.status, 200);
    assert.match(res.text, /hello-00001/);
    const svc = (await apiCall(ebb.apiUrl, 'GET', `${SVC}/hello`)).body;
    assert.equal(svc.status.url, `http://hello.default.localhost:${new URL(ebb.ingressUrl).port}`);
    assert.equal(svc.status.latestReadyRevisionName, 'hello-00001');
    const logs = await runCli(['logs', 'ksvc/hello'], { server: ebb.apiUrl });
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /hello listening on \d+ as hello-00001/);
  });

  test('an unknown host gets 404 naming the hosts that exist', async () => {
    const res = await ingressGet(ebb.ingressUrl, 'nope.default.localhost');
    assert.equal(res.status, 404);
    assert.match(res.text, /nope\.default\.localhost/);
    assert.match(res.text, /hello\.default\.localhost/);
  });

  test('runtime contract: PORT, K_SERVICE, K_CONFIGURATION, K_REVISION and forwarded headers', async () => {
    await apply(service('contract', { env: { GREETING: 'hi' } }));
    await waitReady('contract');
    const env = JSON.parse((await get('contract', '/env')).text);
    assert.match(env.PORT, /^\d+$/);
    assert.deepEqual(
      { s: env.K_SERVICE, c: env.K_CONFIGURATION, r: env.K_REVISION, g: env.GREETING },
      { s: 'contract', c: 'contract', r: 'contract-00001', g: 'hi' },
    );
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const headers = JSON.parse(
      (await get('contract', '/headers', { traceparent, 'x-forwarded-for': '10.1.2.3' })).text,
    );
    assert.equal(headers.host, 'contract.default.localhost');
    assert.equal(headers.traceparent, traceparent);
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.match(headers['x-forwarded-for'], /^10\.1\.2\.3, (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    assert.match(headers.forwarded, /for=.*host=contract\.default\.localhost.*proto=http/);
  });

  test('blue/green: 50/50 split, a candidate tag, and a latestRevision update without failed requests', async () => {
    await apply(service('bg', { env: { COLOR: 'blue' } }));
    await waitReady('bg', 'bg-00001');
    await apply(service('bg', { env: { COLOR: 'green' } }));
    await waitReady('bg', 'bg-00002');
    await apply(
      service('bg', {
        env: { COLOR: 'green' },
        traffic: [
          { revisionName: 'bg-00001', percent: 50 },
          { revisionName: 'bg-00002', percent: 50, tag: 'candidate' },
        ],
      }),
    );
    await eventually('50/50 traffic in status', async () => {
      const s = (await apiCall(ebb.apiUrl, 'GET', `${SVC}/bg`)).body;
      return s.status?.traffic?.length === 2 && s.status.observedGeneration === s.metadata.generation
        ? s
        : undefined;
    });
    const counts: Record<string, number> = { 'bg-00001': 0, 'bg-00002': 0 };
    const N = 240;
    for (let i = 0; i < N; i += 8) {
      const batch = await Promise.all(Array.from({ length: 8 }, () => get('bg')));
      for (const r of batch) {
        assert.equal(r.status, 200);
        counts[r.text.split(' ')[0]!]! += 1;
      }
    }
    assert.ok(counts['bg-00001']! >= N * 0.25 && counts['bg-00002']! >= N * 0.25, JSON.stringify(counts));
    const svc = (await apiCall(ebb.apiUrl, 'GET', `${SVC}/bg`)).body;
    const candidate = svc.status.traffic.find((t: any) => t.tag === 'candidate');
    assert.match(candidate.url, /^http:\/\/candidate-bg\.default\.localhost:\d+$/);
    for (let i = 0; i < 20; i++) {
      const r = await ingressGet(ebb.ingressUrl, 'candidate-bg.default.localhost');
      assert.match(r.text, /^bg-00002/);
    }

    // Back to following the latest revision, then a new template: traffic moves with no failed request.
    await apply(service('bg', { env: { COLOR: 'green' } }));
    await eventually('traffic back on latest', async () => {
      const s = (await apiCall(ebb.apiUrl, 'GET', `${SVC}/bg`)).body;
      return s.status?.traffic?.length === 1 && s.status.observedGeneration === s.metadata.generation
        ? s
        : undefined;
    });
    let stop = false;
    const seen = new Set<string>();
    const failures: string[] = [];
    const load = (async () => {
      while (!stop) {
        const r = await get('bg');
        if (r.status !== 200) failures.push(`${r.status} ${r.text}`);
        else seen.add(r.text.split(' ')[0]!);
      }
    })();
    await apply(service('bg', { env: { COLOR: 'red' } }));
    await eventually('responses from bg-00003', async () => (seen.has('bg-00003') ? true : undefined));
    stop = true;
    await load;
    assert.deepEqual(failures, []);
  });

  test('containerConcurrency 1: no two requests overlap inside the replica', async () => {
    // One replica (max-scale 1), so the autoscaler cannot spread the load and the stats are that replica's.
    await apply(
      service('serial', {
        spec: { containerConcurrency: 1 },
        annotations: { 'autoscaling.knative.dev/max-scale': '1' },
      }),
    );
    await waitReady('serial');
    const results = await Promise.all(Array.from({ length: 10 }, () => get('serial', '/sleep?ms=30')));
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set([200]));
    const stats = JSON.parse((await get('serial', '/stats')).text);
    assert.equal(stats.maxConcurrent, 1);
  });

  test('a request past timeoutSeconds gets 504; a full concurrency queue gets 503 that says so', async () => {
    await apply(
      service('slow', {
        spec: { timeoutSeconds: 1, containerConcurrency: 1 },
        annotations: { 'autoscaling.knative.dev/max-scale': '1' },
      }),
    );
    await waitReady('slow');
    const late = await get('slow', '/sleep?ms=2500');
    assert.equal(late.status, 504);
    assert.match(late.text, /timed out/);
    // Knative's queue-proxy holds 10 × containerConcurrency requests per replica; more are refused.
    const burst = await Promise.all(Array.from({ length: 30 }, () => get('slow', '/sleep?ms=500')));
    const refused = burst.filter((r) => r.status === 503);
    assert.ok(refused.length > 0, `statuses: ${burst.map((r) => r.status).join(',')}`);
    assert.match(refused[0]!.text, /queue/);
  });

  test('a container that exits at start: Ready=False with the exit code and its last output', async () => {
    await apply(service('crash', { env: { EXIT_AT_START: '3', DB: 'orders.db' } }));
    const rev = await eventually('crash-00001 failing', async () => {
      const r = await apiCall(
        ebb.apiUrl,
        'GET',
        '/apis/serving.knative.dev/v1/namespaces/default/revisions/crash-00001',
      );
      const ready = r.body?.status?.conditions?.find((c: any) => c.type === 'Ready');
      return ready?.status === 'False' ? r.body : undefined;
    });
    const ready = rev.status.conditions.find((c: any) => c.type === 'Ready');
    assert.equal(ready.reason, 'ExitCode3');
    assert.match(ready.message, /exit code 3/);
    assert.match(ready.message, /cannot open database orders\.db/);
    const svc = await eventually('service not ready', async () => {
      const s = (await apiCall(ebb.apiUrl, 'GET', `${SVC}/crash`)).body;
      return s.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'False' ? s : undefined;
    });
    assert.match(JSON.stringify(svc.status.conditions), /exit code 3/);
  });

  test('requests in flight while a revision is retired all complete with 200', async () => {
    await apply(service('retire', { env: { COLOR: 'one' } }));
    await waitReady('retire', 'retire-00001');
    const inflight = Array.from({ length: 8 }, () => get('retire', '/sleep?ms=1500'));
    await new Promise((r) => setTimeout(r, 200));
    await apply(service('retire', { env: { COLOR: 'two' } }));
    await waitReady('retire', 'retire-00002');
    const results = await Promise.all(inflight);
    assert.deepEqual(
      results.map((r) => [r.status, r.text.trim()]),
      results.map(() => [200, 'retire-00001 slept']),
    );
    await eventually('retire-00001 scaled to zero', async () => {
      const r = (
        await apiCall(
          ebb.apiUrl,
          'GET',
          '/apis/serving.knative.dev/v1/namespaces/default/revisions/retire-00001',
        )
      ).body;
      return r.status?.actualReplicas === 0 ? r : undefined;
    });
  });

  test('an image without a command: not Ready with how to map it; the config-ebb-images mapping runs it', async () => {
    const obj = service('imaged');
    (obj.spec.template.spec.containers[0] as any).command = undefined;
    await apply(obj);
    const rev = await eventually('imaged-00001 not ready', async () => {
      const r = await apiCall(
        ebb.apiUrl,
        'GET',
        '/apis/serving.knative.dev/v1/namespaces/default/revisions/imaged-00001',
      );
      const ready = r.body?.status?.conditions?.find((c: any) => c.type === 'Ready');
      return ready?.status === 'False' ? ready : undefined;
    });
    assert.equal(rev.reason, 'ContainerMissing');
    assert.match(rev.message, /config-ebb-images/);
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-ebb-images', namespace: 'knative-serving' },
      data: { images: `ebb.dev/test/app: ${JSON.stringify([process.execPath, APP])}\n` },
    };
    assert.equal(
      (await apiCall(ebb.apiUrl, 'POST', '/api/v1/namespaces/knative-serving/configmaps', cm)).status,
      201,
    );
    await waitReady('imaged');
    assert.match((await get('imaged')).text, /^imaged-00001/);
  });

  test('cluster-local visibility: served only on the cluster-local host', async () => {
    const obj: any = service('private');
    obj.metadata.labels = { 'networking.knative.dev/visibility': 'cluster-local' };
    await apply(obj);
    await waitReady('private');
    const svc = (await apiCall(ebb.apiUrl, 'GET', `${SVC}/private`)).body;
    assert.match(svc.status.url, /^http:\/\/private\.default\.svc\.cluster\.local:\d+$/);
    assert.equal((await get('private')).status, 404);
    const local = await ingressGet(ebb.ingressUrl, 'private.default.svc.cluster.local');
    assert.equal(local.status, 200);
    assert.match(local.text, /^private-00001/);
  });

  test('usage: requests served, request-seconds and replica-seconds in ebb usage and on /metrics', async () => {
    await apply(service('metered'));
    await waitReady('metered');
    const sent = 5;
    for (let i = 0; i < sent; i++) assert.equal((await get('metered')).status, 200);
    const usage = await runCli(['usage', 'ksvc/metered', '-o', 'json'], { server: ebb.apiUrl });
    assert.equal(usage.code, 0, usage.stderr);
    const list = JSON.parse(usage.stdout);
    assert.equal(list.kind, 'RevisionUsageList');
    assert.equal(list.items.length, 1, usage.stdout);
    const [u] = list.items;
    assert.deepEqual([u.revision, u.service, u.configuration], ['metered-00001', 'metered', 'metered']);
    assert.equal(u.requests, sent);
    assert.ok(u.requestSeconds > 0, usage.stdout);
    assert.ok(u.replicaSeconds > 0, usage.stdout);
    assert.equal(u.replicas, 1);
    const table = await runCli(['usage', 'ksvc/metered', '--since', '1m'], { server: ebb.apiUrl });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^REVISION\s+SERVICE\s+REQUESTS.*\nmetered-00001\s+metered\s+5\s/);
    const metrics = await (await fetch(`${ebb.apiUrl}/metrics`)).text();
    const labels = 'namespace_name="default",configuration_name="metered",revision_name="metered-00001"';
    assert.ok(metrics.includes(`ebb_revision_requests_total{${labels}} ${sent}\n`), 'requests counter');
    for (const name of ['request_seconds', 'replica_seconds', 'memory_mib_seconds'])
      assert.match(metrics, new RegExp(`ebb_revision_${name}_total\\{${labels}\\} [\\d.e+-]+\\n`));
  });
});
