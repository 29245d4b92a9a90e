import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeHost, RouteTable } from './route-table.js';
import { TrafficSplit } from './traffic-split.js';

const entry = (id: string, hosts: string[], tags: { host: string; revision: string }[] = []) => ({
  id,
  hosts,
  visibility: 'external' as const,
  targets: [{ revision: `${id}-00001`, percent: 100 }],
  tags,
});

test('route table - normalizes case, port, trailing dot and IPv6 literals', () => {
  assert.equal(normalizeHost('Hello.Default.LOCALHOST:8080'), 'hello.default.localhost');
  assert.equal(normalizeHost('hello.default.localhost.'), 'hello.default.localhost');
  assert.equal(normalizeHost('[::1]:8080'), '[::1]');
});

test('route table - looks up route and tag hosts; a removed route frees only its own hosts', () => {
  const table = new RouteTable();
  table.set(
    entry(
      'default/a',
      ['a.default.localhost', 'a.default.svc'],
      [{ host: 'v1-a.default.localhost', revision: 'default/a-1' }],
    ),
  );
  table.set(entry('default/b', ['b.default.localhost']));
  assert.equal(table.lookup('A.Default.Localhost:80')?.routeId, 'default/a');
  assert.equal(table.lookup('a.default.svc')?.routeId, 'default/a');
  assert.equal(table.lookup('v1-a.default.localhost')?.revision, 'default/a-1');
  assert.equal(table.lookup('nope.localhost'), undefined);
  assert.equal(table.lookup(undefined), undefined);
  assert.deepEqual(table.hosts(), [
    'a.default.localhost',
    'a.default.svc',
    'b.default.localhost',
    'v1-a.default.localhost',
  ]);

  table.set(entry('default/b', ['a.default.localhost']));
  assert.equal(
    table.lookup('a.default.localhost')?.routeId,
    'default/b',
    'the later route wins a shared host',
  );
  table.remove('default/a');
  assert.equal(table.lookup('a.default.localhost')?.routeId, 'default/b');
  assert.equal(table.lookup('b.default.localhost'), undefined, "setRoute replaces the route's old hosts");
});

test('traffic split - weights by percent, never picks 0%, empty without positive targets', () => {
  const split = new TrafficSplit([
    { revision: 'r1', percent: 25 },
    { revision: 'r0', percent: 0 },
    { revision: 'r2', percent: 75 },
  ]);
  assert.equal(split.pick(0), 'r1');
  assert.equal(split.pick(0.2499), 'r1');
  assert.equal(split.pick(0.25), 'r2');
  assert.equal(split.pick(0.9999), 'r2');
  const counts = new Map<string, number>();
  for (let i = 0; i < 10_000; i++) {
    const r = split.pick()!;
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  assert.equal(counts.get('r0'), undefined);
  assert.ok(counts.get('r2')! > 7000 && counts.get('r2')! < 8000, `r2 got ${counts.get('r2')}`);
  assert.ok(new TrafficSplit([{ revision: 'r', percent: 0 }]).empty);
  assert.equal(new TrafficSplit([]).pick(), undefined);
});
