/**
 * A SIGKILLed `ebb up` cannot stop its replicas; the next `ebb up` on the same data directory kills the
 * ones left running before it starts its own, so a crash never leaves processes behind.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type EbbProcess, repoPath, runCli, startEbb, tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually } from '../helpers/http.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('replicas of a SIGKILLed ebb up are killed by the next ebb up on its data dir', {
  timeout: 120_000,
}, async () => {
  const dataDir = tmpDataDir();
  let ebb: EbbProcess = await startEbb({ dataDir });
  const orphans: number[] = [];
  after(async () => {
    await ebb.stop();
    for (const pid of orphans) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
  const created = await apiCall(
    ebb.apiUrl,
    'POST',
    '/apis/serving.knative.dev/v1/namespaces/default/services',
    {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'survivor' },
      spec: {
        template: {
          metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '2' } },
          spec: {
            containers: [
              {
                image: 'ebb.dev/test/app',
                command: [process.execPath, repoPath('test', 'fixtures', 'app.mjs')],
              },
            ],
          },
        },
      },
    },
  );
  assert.equal(created.status, 201);
  assert.equal((await runCli(['wait', 'ksvc', 'survivor'], { server: ebb.apiUrl })).code, 0);
  const recorded = await eventually('two replicas recorded', async () => {
    const groups = JSON.parse(readFileSync(join(dataDir, 'replicas.json'), 'utf8')) as { pid: number }[];
    return groups.length === 2 ? groups.map((g) => g.pid) : undefined;
  });
  orphans.push(...recorded);
  await ebb.kill();
  assert.ok(recorded.every(alive), 'the replicas outlive a SIGKILLed platform');
  ebb = await startEbb({ dataDir });
  await eventually('the orphans gone', async () => (recorded.some(alive) ? undefined : true), 10_000);
  assert.match(ebb.output(), /killed replicas left running by an ebb up that was killed/);
  assert.equal((await runCli(['wait', 'ksvc', 'survivor'], { server: ebb.apiUrl })).code, 0);
});
