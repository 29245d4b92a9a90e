import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { ApiError } from '../errors.js';
import { UsageMeter } from '../serving/usage/index.js';
import { serveUsage } from './usage.js';

interface UsageBody {
  kind: string;
  sinceSeconds?: number;
  items: { revision: string; requests: number }[];
}

test('usage endpoint - filters by namespace and service, passes the window, rejects a bad one', async (t) => {
  const meter = new UsageMeter({
    labelsFor: (key) => {
      const [namespace, revision] = key.split('/') as [string, string];
      const service = revision.replace(/-\d+$/, '');
      return { namespace, service, configuration: service, revision };
    },
  });
  for (const key of ['default/a-00001', 'default/a-00002', 'default/b-00001', 'other/a-00001']) {
    meter.requestStarted(key);
    meter.requestEnded(key);
  }
  const server = createServer((req, res) => {
    try {
      serveUsage(meter, new URL(req.url!, 'http://x'), res);
    } catch (err) {
      res.writeHead((err as ApiError).status).end((err as ApiError).message);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/usage`;
  const body = (await (await fetch(`${base}?namespace=default&service=a`)).json()) as UsageBody;
  assert.equal(body.kind, 'RevisionUsageList');
  assert.deepEqual(
    body.items.map((u) => [u.revision, u.requests]),
    [
      ['a-00001', 1],
      ['a-00002', 1],
    ],
  );
  const windowed = (await (await fetch(`${base}?revision=b-00001&sinceSeconds=60`)).json()) as UsageBody;
  assert.equal(windowed.sinceSeconds, 60);
  assert.equal(windowed.items.length, 1);
  assert.equal(windowed.items[0]!.requests, 1);
  const bad = await fetch(`${base}?sinceSeconds=-1`);
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /sinceSeconds must be a positive number, was: -1/);
});
