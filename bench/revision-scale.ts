/**
 * What the cold-start benchmarks share: reading a Revision's `status.actualReplicas` from the API, waiting
 * for it to reach zero, and waiting for the status to show the replica a request woke (a Revision's status
 * follows its replicas ~50 ms later, so a read right after the request may still say zero).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EbbProcess } from '../test/helpers/ebb.js';
import { apiCall } from '../test/helpers/http.js';

const REVISIONS = '/apis/serving.knative.dev/v1/namespaces/default/revisions';

export async function actualReplicas(ebb: EbbProcess, revision: string): Promise<number | undefined> {
  const n = (await apiCall(ebb.apiUrl, 'GET', `${REVISIONS}/${revision}`)).body?.status?.actualReplicas;
  return typeof n === 'number' ? n : undefined;
}

/** Waits until the revision's status shows the replica a request woke. */
export async function scaledUp(ebb: EbbProcess, revision: string, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (((await actualReplicas(ebb, revision)) ?? 0) < 1) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${revision} status never showed the woken replica`);
    await sleep(20);
  }
}

/** Waits until the revision reports 0 replicas; ms waited. */
export async function atZero(ebb: EbbProcess, revision: string, timeoutMs = 60_000): Promise<number> {
  const t0 = Date.now();
  while ((await actualReplicas(ebb, revision)) !== 0) {
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`${revision} not at zero replicas after ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - t0;
}
