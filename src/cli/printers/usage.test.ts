import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RevisionUsage } from '../../serving/usage/index.js';
import { parseUsageOutputMode, renderUsage, type UsageList } from './usage.js';

const item = (over: Partial<RevisionUsage> = {}): RevisionUsage => ({
  namespace: 'default',
  service: 'hello',
  configuration: 'hello',
  revision: 'hello-00001',
  requests: 12,
  requestSeconds: 0.345,
  replicaSeconds: 1234.5,
  memoryMiBSeconds: 42.25,
  zeroReplicaSeconds: 30,
  observedSeconds: 120,
  from: '2026-12-02T15:00:00.000Z',
  replicas: 1,
  inFlight: 0,
  memoryBytes: 0,
  ...over,
});

const list = (items: RevisionUsage[]): UsageList => ({ kind: 'RevisionUsageList', at: 'now', items });

test('usage printer - a table row per revision with the share of time at zero', () => {
  const text = renderUsage(
    list([item(), item({ revision: 'bare-00001', service: '', observedSeconds: 0 })]),
    {
      mode: 'table',
    },
  );
  const [header, hello, bare] = text.trimEnd().split('\n');
  assert.match(
    header!,
    /^REVISION\s+SERVICE\s+REQUESTS\s+REQUEST-SECONDS\s+REPLICA-SECONDS\s+MEMORY-MIB-SECONDS/,
  );
  assert.match(
    hello!,
    /^hello-00001\s+hello\s+12\s+0\.345\s+1235\s+42\.3\s+25%\s+1\s+2026-12-02T15:00:00\.000Z$/,
  );
  assert.match(bare!, /^bare-00001\s+-\s+12\s.*\s-\s+1\s/);
});

test('usage printer - -A adds the namespace; json is the list itself; nothing prints nothing', () => {
  assert.match(renderUsage(list([item()]), { mode: 'table', allNamespaces: true }), /^NAMESPACE\s+REVISION/);
  assert.deepEqual(JSON.parse(renderUsage(list([item()]), { mode: 'json' })), list([item()]));
  assert.equal(renderUsage(list([]), { mode: 'table' }), '');
  assert.equal(parseUsageOutputMode(undefined), 'table');
  assert.throws(() => parseUsageOutputMode('wide'), /allowed formats are: json, yaml/);
});
