/**
 * The order service's usage over the day, read from Ebb itself: `GET /usage` (the meter behind
 * `ebb usage`) and the router's `revision_request_count` on `/metrics`, both cumulative since `ebb up`
 * started, so the day's share is the difference of a reading before and after it.
 */
import { request } from 'undici';

export interface UsageReading {
  requests: number;
  requestSeconds: number;
  replicaSeconds: number;
  memoryMiBSeconds: number;
  zeroReplicaSeconds: number;
  /** Sum of revision_request_count over the service's revisions and response codes. */
  routerRequests: number;
}

const FIELDS = [
  'requests',
  'requestSeconds',
  'replicaSeconds',
  'memoryMiBSeconds',
  'zeroReplicaSeconds',
] as const;

async function text(url: string): Promise<string> {
  const res = await request(url);
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${body.slice(0, 200)}`);
  return body;
}

/** Sums a Prometheus counter's samples whose labels include every `labels` pair. */
export function sumCounter(exposition: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf('}');
    const labelText = line.slice(name.length + 1, close);
    if (wanted.every((w) => labelText.split(',').includes(w))) sum += Number(line.slice(close + 1).trim());
  }
  return sum;
}

export async function readUsage(api: string, service: string): Promise<UsageReading> {
  const [usage, metrics] = await Promise.all([
    text(`${api}/usage?namespace=default&service=${encodeURIComponent(service)}`),
    text(`${api}/metrics`),
  ]);
  const reading: UsageReading = {
    requests: 0,
    requestSeconds: 0,
    replicaSeconds: 0,
    memoryMiBSeconds: 0,
    zeroReplicaSeconds: 0,
    routerRequests: sumCounter(metrics, 'revision_request_count', {
      namespace_name: 'default',
      service_name: service,
    }),
  };
  for (const item of (JSON.parse(usage) as { items: Record<string, number>[] }).items) {
    for (const f of FIELDS) reading[f] += Number(item[f] ?? 0);
  }
  return reading;
}

export function difference(after: UsageReading, before: UsageReading): UsageReading {
  const out = { ...after };
  for (const k of Object.keys(out) as (keyof UsageReading)[]) out[k] = after[k] - before[k];
  return out;
}
