/**
 * `GET /usage[?namespace=NS][&service=S|&configuration=C|&revision=R][&sinceSeconds=N]`: the usage
 * meter's amounts per revision as JSON (a `RevisionUsageList`), read-only. Without `sinceSeconds` they are
 * totals since `ebb up` started; with it, what accrued over that window (10 s buckets, up to 6 h back).
 * Revisions stay listed after they are deleted; a Service or Configuration with no usage yet lists none.
 */
import type { ServerResponse } from 'node:http';
import { badRequest } from '../errors.js';
import type { RevisionUsage } from '../serving/usage/index.js';
import { sendJson } from './resources.js';

export interface UsageSource {
  usage(opts: { sinceMs?: number }): RevisionUsage[];
}

const FILTERS = ['namespace', 'service', 'configuration', 'revision'] as const;

export function serveUsage(source: UsageSource, url: URL, res: ServerResponse): void {
  const sinceParam = url.searchParams.get('sinceSeconds');
  const since = sinceParam === null ? undefined : Number(sinceParam);
  if (since !== undefined && !(Number.isFinite(since) && since > 0)) {
    throw badRequest(`sinceSeconds must be a positive number, was: ${sinceParam}`);
  }
  const wanted = FILTERS.flatMap((f) => {
    const v = url.searchParams.get(f);
    return v === null ? [] : [[f, v] as const];
  });
  const items = source
    .usage(since === undefined ? {} : { sinceMs: since * 1000 })
    .filter((u) => wanted.every(([f, v]) => u[f] === v));
  sendJson(res, 200, {
    kind: 'RevisionUsageList',
    at: new Date().toISOString(),
    ...(since !== undefined ? { sinceSeconds: since } : {}),
    items,
  });
}
