/**
 * The central promise under a crash: 20,000 events from concurrent clients while `ebb up` is SIGKILLed and
 * restarted mid-stream. Every event that got a 2xx must reach the subscriber at least once; duplicates
 * (allowed by at-least-once) are reported.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { type EbbProcess, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';
import { startSubscriber } from '../helpers/subscriber.js';

const TOTAL = Number(process.env.EBB_CRASH_EVENTS ?? 20_000);
const CLIENTS = 32;
const KILL_AFTER = Math.floor(TOTAL / 3);

test('eventing crash - SIGKILL mid-stream loses no acknowledged event', { timeout: 240_000 }, async (t) => {
  const dataDir = tmpDataDir();
  const sink = await startSubscriber();
  let ebb: EbbProcess = await startEbb({ dataDir });
  after(async () => {
    await ebb.stop();
    await sink.close();
  });
  const post = (path: string, body: unknown) => apiCall(ebb.apiUrl, 'POST', path, body);
  assert.equal(
    (
      await post('/apis/eventing.knative.dev/v1/namespaces/default/brokers', {
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Broker',
        metadata: { name: 'crash' },
      })
    ).status,
    201,
  );
  assert.equal(
    (
      await post('/apis/eventing.knative.dev/v1/namespaces/default/triggers', {
        apiVersion: 'eventing.knative.dev/v1',
        kind: 'Trigger',
        metadata: { name: 'crash-all' },
        spec: { broker: 'crash', subscriber: { uri: sink.url } },
      })
    ).status,
    201,
  );
  assert.equal((await runCli(['wait', 'trigger', 'crash-all'], { server: ebb.apiUrl })).code, 0);

  let ingress = ebb.ingressUrl;
  const acked = new Set<string>();
  let next = 0;
  let failedSends = 0;
  let restarting: Promise<void> | undefined;
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= TOTAL) return;
      const id = `evt-${i}`;
      for (;;) {
        if (restarting) await restarting;
        try {
          const res = await request(`${ingress}/default/crash`, {
            method: 'POST',
            headers: {
              'ce-specversion': '1.0',
              'ce-id': id,
              'ce-type': 'crash.test',
              'ce-source': '/crash',
              'content-type': 'application/json',
            },
            body: `{"n":${i}}`,
          });
          await res.body.dump();
          if (res.statusCode >= 200 && res.statusCode < 300) {
            acked.add(id);
            if (acked.size === KILL_AFTER && !restarting) restarting = crashAndRestart();
            break;
          }
          failedSends++;
        } catch {
          failedSends++; // the platform died under this request: not acknowledged, send again
        }
        await sleep(20);
      }
    }
  };
  const crashAndRestart = async () => {
    await ebb.kill();
    t.diagnostic(`SIGKILLed ebb up after ${acked.size} acknowledged events`);
    ebb = await startEbb({ dataDir });
    ingress = ebb.ingressUrl;
    await eventually('broker ready after restart', async () => {
      const b = (
        await apiCall(ebb.apiUrl, 'GET', '/apis/eventing.knative.dev/v1/namespaces/default/brokers/crash')
      ).body;
      return b?.status?.address?.url?.startsWith(ingress) ? true : undefined;
    });
    restarting = undefined;
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  assert.equal(acked.size, TOTAL);
  await eventually(
    'every acknowledged event delivered',
    async () => ([...acked].every((id) => sink.attempts.has(id)) ? true : undefined),
    120_000,
  );
  const deliveries = sink.received.length;
  const duplicates = deliveries - sink.attempts.size;
  t.diagnostic(
    `acknowledged ${acked.size}, delivered ${sink.attempts.size} distinct, ${duplicates} duplicates, ${failedSends} sends retried by clients`,
  );
  for (const id of acked) assert.ok(sink.attempts.has(id), `${id} lost`);
});
