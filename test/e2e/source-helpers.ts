/**
 * Pieces the PingSource and ApiServerSource end-to-end tests share: a Knative Service whose replica
 * records every request it gets (GET /seen lists them), and creating objects through the API.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpDataDir } from '../helpers/ebb.js';
import { apiCall, eventually, ingressGet } from '../helpers/http.js';

export const API = {
  services: '/apis/serving.knative.dev/v1/namespaces/default/services',
  brokers: '/apis/eventing.knative.dev/v1/namespaces/default/brokers',
  triggers: '/apis/eventing.knative.dev/v1/namespaces/default/triggers',
  pingsources: '/apis/sources.knative.dev/v1/namespaces/default/pingsources',
  apiserversources: '/apis/sources.knative.dev/v1/namespaces/default/apiserversources',
};

const RECORDER = `import { createServer } from 'node:http';
const seen = [];
createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/seen') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(seen));
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('base64'), at: Date.now() });
    res.writeHead(202).end();
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

export interface Seen {
  headers: Record<string, string>;
  body: string;
  at: number;
}

export async function create(apiUrl: string, path: string, obj: unknown): Promise<void> {
  const res = await apiCall(apiUrl, 'POST', path, obj);
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

/** A ksvc `name` kept at one replica that records what it is sent; resolves once it is Ready. */
export async function recorderService(apiUrl: string, name: string): Promise<void> {
  const file = join(tmpDataDir('ebb-recorder-'), 'recorder.mjs');
  writeFileSync(file, RECORDER);
  await create(apiUrl, API.services, {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name },
    spec: {
      template: {
        metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '1' } },
        spec: { containers: [{ image: 'ebb.dev/test/recorder', command: [process.execPath, file] }] },
      },
    },
  });
  await eventually(`ksvc ${name} Ready`, async () => {
    const res = await apiCall(apiUrl, 'GET', `${API.services}/${name}`);
    const ready = res.body?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');
    return ready?.status === 'True' ? true : undefined;
  });
}

/** What the recorder ksvc `name` has received so far. */
export async function seenBy(ingressUrl: string, name: string): Promise<Seen[]> {
  const res = await ingressGet(ingressUrl, `${name}.default.localhost`, '/seen');
  assert.equal(res.status, 200, res.text);
  return JSON.parse(res.text) as Seen[];
}

/** The object's condition `type` ([status, reason]), read through the API. */
export async function condition(apiUrl: string, path: string, type = 'Ready'): Promise<[string, string]> {
  const res = await apiCall(apiUrl, 'GET', path);
  const c = res.body?.status?.conditions?.find((x: { type: string }) => x.type === type);
  return [c?.status ?? '', c?.reason ?? ''];
}
