/**
 * Autoscaling end to end: the KPA driving real replicas behind `ebb up`: scale to zero and back, a step from
 * 1 to 50 clients, max-scale under heavy load, and the seed order-service's bounds. Windows are shortened
 * through the `config-autoscaler` ConfigMap, as a Knative operator would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EbbProcess, repoPath, runCli, startEbb } from '../helpers/ebb.js';
import { apiCall, eventually, ingressGet } from '../helpers/http.js';

const SVC = '/apis/serving.knative.dev/v1/namespaces/default/services';
const REV = '/apis/serving.knative.dev/v1/namespaces/default/revisions';
const APP = repoPath('test', 'fixtures', 'app.mjs');
const STABLE_WINDOW_S = 6;

function service(name: string, annotations: Record<string, string>, containerConcurrency: number) {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      template: {
        metadata: { annotations },
        spec: { containerConcurrency, containers: [{ command: [process.execPath, APP] }] },
      },
    },
  };
}

interface Load {
  stop(): Promise<{ ok: number; failures: string[] }>;
}

/** `clients` loops, each sending requests back to back until stopped. */
function startLoad(ebb: EbbProcess, host: string, clients: number, path: string): Load {
  let running = true;
  let ok = 0;
  const failures: string[] = [];
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      try {
        const r = await ingressGet(ebb.ingressUrl, host, path);
        if (r.status >= 200 && r.status < 300) ok++;
        else failures.push(`${r.status} ${r.text.trim()}`);
      } catch (err) {
        failures.push(String(err));
      }
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { ok, failures };
    },
  };
}

describe('autoscaling', () => {
  let ebb: EbbProcess;
  const revision = async (name: string) => (await apiCall(ebb.apiUrl, 'GET', `${REV}/${name}`)).body;
  const ready = async (name: string) => Number((await revision(name)).status?.actualReplicas ?? 0);
  const create = async (obj: unknown) => {
    const res = await apiCall(ebb.apiUrl, 'POST', SVC, obj);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };
  const waitReady = async (name: string) => {
    const out = await runCli(['wait', 'ksvc', name, '--timeout', '30s'], { server: ebb.apiUrl });
    assert.equal(out.code, 0, out.stderr);
  };

  before(async () => {
    ebb = await startEbb();
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
      // A 6 s stable window (Knative's minimum) with a panic window of a third of it: 2 s, one tick.
      data: {
        'stable-window': `${STABLE_WINDOW_S}s`,
        'panic-window-percentage': '34',
        'scale-to-zero-grace-period': '1s',
      },
    };
    assert.equal(
      (await apiCall(ebb.apiUrl, 'POST', '/api/v1/namespaces/knative-serving/configmaps', cm)).status,
      201,
    );
  });
  after(async () => {
    await ebb?.stop();
  });

  test('min-scale 0: idles down to zero replicas, and the next request succeeds', async () => {
    await create(service('idle', { 'autoscaling.knative.dev/min-scale': '0' }, 0));
    await waitReady('idle');
    assert.equal((await ingressGet(ebb.ingressUrl, 'idle.default.localhost')).status, 200);
    await eventually(
      'idle-00001 at zero',
      async () => ((await ready('idle-00001')) === 0 ? true : undefined),
      40_000,
    );
    const rev = await revision('idle-00001');
    assert.equal(rev.status.desiredReplicas, 0);
    assert.equal(rev.status.conditions.find((c: any) => c.type === 'Ready').status, 'True');
    assert.equal(rev.status.conditions.find((c: any) => c.type === 'Active').status, 'False');
    const cold = await ingressGet(ebb.ingressUrl, 'idle.default.localhost');
    assert.equal(cold.status, 200, cold.text);
    assert.match(cold.text, /^idle-00001/);
  });

  test('a step from 1 to 50 clients reaches 7 ready replicas within 4 s, and back to min-scale, with no failures', async () => {
    await create(service('step', { 'autoscaling.knative.dev/min-scale': '1' }, 10));
    await waitReady('step');
    const single = startLoad(ebb, 'step.default.localhost', 1, '/sleep?ms=100');
    await sleep(1000);
    const stepAt = Date.now();
    const burst = startLoad(ebb, 'step.default.localhost', 49, '/sleep?ms=100');
    await eventually(
      '7 ready replicas',
      async () => ((await ready('step-00001')) >= 7 ? true : undefined),
      15_000,
    );
    const reachedMs = Date.now() - stepAt;
    await sleep(1000);
    const burstResult = await burst.stop();
    assert.ok(reachedMs <= 4000, `7 ready replicas after ${reachedMs} ms (want <= 4000)`);
    const wide = await runCli(['get', 'revisions', 'step-00001', '-o', 'wide'], { server: ebb.apiUrl });
    assert.match(wide.stdout, /PANICKING/);
    const metrics = await (await fetch(`${ebb.apiUrl}/metrics`)).text();
    assert.match(metrics, /autoscaler_desired_pods\{[^}]*revision_name="step-00001"[^}]*\} [1-9]/);
    assert.match(metrics, /autoscaler_panic_mode\{[^}]*revision_name="step-00001"/);
    // Scale-down with one client still sending: no request may fail on the way back to min-scale.
    await eventually(
      'back to min-scale 1',
      async () => ((await ready('step-00001')) === 1 ? true : undefined),
      45_000,
    );
    const singleResult = await single.stop();
    assert.deepEqual(burstResult.failures, []);
    assert.deepEqual(singleResult.failures, []);
    assert.ok(burstResult.ok > 100 && singleResult.ok > 10);
  });

  test('max-scale holds under heavy load: extra requests wait instead of failing', async () => {
    await create(
      service(
        'capped',
        { 'autoscaling.knative.dev/max-scale': '2', 'autoscaling.knative.dev/min-scale': '1' },
        1,
      ),
    );
    await waitReady('capped');
    const load = startLoad(ebb, 'capped.default.localhost', 15, '/sleep?ms=50');
    let most = 0;
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      most = Math.max(most, await ready('capped-00001'));
      await sleep(200);
    }
    const result = await load.stop();
    assert.deepEqual(result.failures, []);
    assert.equal(most, 2);
    assert.equal((await revision('capped-00001')).status.desiredReplicas, 2);
  });

  test("the seed order-service's bounds hold: never below 1, never above 20", async () => {
    await create(
      service(
        'orders',
        { 'autoscaling.knative.dev/minScale': '1', 'autoscaling.knative.dev/maxScale': '20' },
        10,
      ),
    );
    await waitReady('orders');
    const load = startLoad(ebb, 'orders.default.localhost', 180, '/sleep?ms=300');
    let most = 0;
    let mostDesired = 0;
    const until = Date.now() + 8000;
    while (Date.now() < until) {
      const r = await revision('orders-00001');
      most = Math.max(most, Number(r.status.actualReplicas ?? 0));
      mostDesired = Math.max(mostDesired, Number(r.status.desiredReplicas ?? 0));
      await sleep(250);
    }
    const result = await load.stop();
    assert.deepEqual(result.failures.slice(0, 3), []);
    assert.ok(most <= 20 && mostDesired === 20, `most ready ${most}, most desired ${mostDesired}`);
    await sleep((STABLE_WINDOW_S + 4) * 1000);
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 10; i++) {
      least = Math.min(least, await ready('orders-00001'));
      await sleep(200);
    }
    assert.equal(least, 1, 'idle at min-scale 1, not zero');
  });
});
