import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerSourceKind } from '../../api/eventing/index.js';
import type { KObject } from '../../api/object.js';
import type { ReconcileContext } from '../../controller/reconciler.js';
import { createLogger } from '../../log.js';
import { RevisionRuntime } from '../../serving/runtime/index.js';
import { SqliteResourceStore } from '../../store/index.js';
import { containerSourceReconciler } from './reconciler.js';

const dir = mkdtempSync(join(tmpdir(), 'ebb-containersource-'));
const runtime = new RevisionRuntime({
  logDir: join(dir, 'logs'),
  backoff: { initialMs: 50, maxMs: 200, resetAfterMs: 1_000 },
});
after(async () => {
  await runtime.stopAll();
  rmSync(dir, { recursive: true, force: true });
});
const reconciler = containerSourceReconciler(runtime);
const log = createLogger('test', 'error');
const BROKER_URL = 'http://127.0.0.1:8080/default/default';
const BROKERS = 'brokers.eventing.knative.dev';

/** Writes its pid and sink variables to OUT, then runs until stopped (or exits with EXIT_CODE). */
const SCRIPT = `require('fs').writeFileSync(process.env.OUT, JSON.stringify({ pid: process.pid,
  K_SINK: process.env.K_SINK, K_CE_OVERRIDES: process.env.K_CE_OVERRIDES, MODE: process.env.MODE }));
if (process.env.EXIT_CODE) { console.error('fatal: ' + process.env.MODE); process.exit(Number(process.env.EXIT_CODE)); }
setInterval(() => {}, 1000);`;

function source(name: string, env: Record<string, string>): KObject {
  const obj: KObject = {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'ContainerSource',
    metadata: { name, namespace: 'default' },
    spec: {
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } },
      ceOverrides: { extensions: { team: 'shop' } },
      template: {
        spec: {
          containers: [
            {
              command: [process.execPath, '-e', SCRIPT],
              env: Object.entries({ OUT: join(dir, `${name}.json`), ...env }).map(([k, v]) => ({
                name: k,
                value: v,
              })),
            },
          ],
        },
      },
    },
    status: {},
  };
  containerSourceKind.setDefaults?.(obj, { config: () => undefined });
  return obj;
}

const store = SqliteResourceStore.open(':memory:');
const ctx = { store, log, config: () => undefined, enqueue: () => {} } as ReconcileContext;

/** Reconciles until `condition` has `status` (and `reason` when given); returns its condition. */
async function until(obj: KObject, type: string, status: string, reason?: string) {
  const cm = reconciler.conditions.manage(obj.status!);
  cm.initialize();
  for (let i = 0; i < 200; i++) {
    await reconciler.reconcileKind(obj, cm, ctx);
    const c = cm.get(type)!;
    if (c.status === status && (reason === undefined || c.reason === reason)) return c;
    await sleep(25);
  }
  throw new Error(`${type} never became ${status} ${reason ?? ''}: ${JSON.stringify(obj.status)}`);
}

/** What the process of source `name` wrote, once it has (and, with `mode`, once that process runs). */
async function written(name: string, mode?: string) {
  for (let i = 0; i < 200; i++) {
    try {
      const got = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
      if (mode === undefined || got.MODE === mode) return got;
    } catch {
      // not written yet
    }
    await sleep(25);
  }
  throw new Error(`${name} never wrote its environment${mode ? ` in mode ${mode}` : ''}`);
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('containersource reconciler - no sink: NoAddressable and nothing runs; the broker appears: it runs', async () => {
  const obj = source('waiting', {});
  const sinkCond = await until(obj, 'SinkBindingReady', 'False', 'NoAddressable');
  assert.match(
    sinkCond.message!,
    /^Addressable could not be extracted from destination: failed to get object/,
  );
  assert.equal(obj.status!.conditions!.find((c) => c.type === 'Ready')?.reason, 'NoAddressable');
  assert.equal(runtime.status('default/waiting'), undefined);
  assert.ok(!existsSync(join(dir, 'waiting.json')));
  store.create(BROKERS, {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: { name: 'default', namespace: 'default' },
    status: { address: { url: BROKER_URL } },
  });
  await until(obj, 'Ready', 'True');
  assert.equal(obj.status!.sinkUri, BROKER_URL);
  const env = await written('waiting');
  assert.equal(env.K_SINK, BROKER_URL);
  assert.equal(env.K_CE_OVERRIDES, '{"extensions":{"team":"shop"}}');
});

test('containersource reconciler - a crash is ExitCode with the last output, and the process is restarted', async () => {
  const obj = source('crasher', { EXIT_CODE: '3', MODE: 'no config' });
  const c = await until(obj, 'ReceiveAdapterReady', 'False', 'ExitCode3');
  assert.match(c.message!, /^Container failed with exit code 3 \(\d+ restarts?\): fatal: no config$/);
  await sleep(300);
  assert.ok(runtime.status('default/crasher')!.restarts >= 2, 'restarted with backoff');
  assert.match(runtime.logs('default/crasher'), /\[default\/crasher#2\] fatal: no config/);
});

test('containersource reconciler - a template change replaces the process; finalize stops it', async () => {
  const obj = source('changing', { MODE: 'one' });
  await until(obj, 'Ready', 'True');
  const first = await written('changing', 'one');
  obj.spec.template.spec.containers[0].env.push({ name: 'MODE', value: 'two' });
  await until(obj, 'Ready', 'True');
  const second = await written('changing', 'two');
  assert.notEqual(second.pid, first.pid);
  for (let i = 0; i < 100 && alive(first.pid); i++) await sleep(25);
  assert.ok(!alive(first.pid), 'the old process is stopped');
  await reconciler.finalize!('default/changing', ctx);
  for (let i = 0; i < 100 && alive(second.pid); i++) await sleep(25);
  assert.ok(!alive(second.pid), 'deleting the source stops its process');
});
