import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duration } from './format.js';
import { conservationCheck, formatSummary } from './summary-text.js';
import { syntheticSummary } from './testing.js';

test('effect summary - aligned label/value lines with the headline numbers and a ✓ when nothing is lost', () => {
  const text = formatSummary(syntheticSummary());
  const lines = text.split('\n');
  assert.equal(lines[0], 'min-scale 0 · a day in 10 minutes · orders via RocketMQ');
  const expected: [string, string][] = [
    ['orders produced', '12,345'],
    ['stored', '11,000'],
    ['duplicates absorbed', '800'],
    ['malformed → dead-letter sink', '545'],
    ['lost', '0'],
    ['latency p50/p99', '42 ms / 310 ms'],
    ['peak replicas', '14'],
    ['time at zero', '1m 12s'],
    ['replica-seconds', '1,234 used vs 8,400 for a fixed 14-replica deployment → 85% saved'],
    ['billed', '12,345 requests (router agrees), 1,050.3 request-seconds, 98,765 MiB·s'],
  ];
  const column = 'malformed → dead-letter sink'.length + 2;
  for (const [label, value] of expected) {
    const line = lines.find((l) => l.startsWith(`${label} `));
    assert.ok(line, `no line for ${label} in\n${text}`);
    assert.equal(line.slice(column), value, `value of ${label}`);
    assert.equal(line.slice(label.length, column).trim(), '', `alignment of ${label}`);
  }
  assert.equal(lines.at(-1), 'produced = stored + duplicates + dead-lettered ✓');
});

test('effect summary - ✗ names the difference when the counts do not add up', () => {
  const missing = syntheticSummary({ stored: 10_955, lost: 45 });
  assert.equal(
    conservationCheck(missing),
    'produced = stored + duplicates + dead-lettered ✗ (12,345 ≠ 12,300: 45 missing)',
  );
  assert.match(formatSummary(missing), /✗ \(12,345 ≠ 12,300: 45 missing\)$/);
  const twice = syntheticSummary({ duplicates: 803 });
  assert.equal(
    conservationCheck(twice),
    'produced = stored + duplicates + dead-lettered ✗ (12,345 ≠ 12,348: 3 counted twice)',
  );
});

test('effect summary - no latency measured, more used than fixed, long durations', () => {
  const base = syntheticSummary();
  const text = formatSummary({
    ...base,
    latencyMs: { p50: null, p99: null },
    secondsAtZero: 3_725,
    bill: { ...base.bill, savingPercent: -12.4 },
  });
  assert.match(text, /latency p50\/p99 +— \/ —/);
  assert.match(text, /time at zero +1h 02m/);
  assert.match(text, /→ 12% more$/m);
  const recount = formatSummary({ ...base, bill: { ...base.bill, routerRequests: 12_300 } });
  assert.match(recount, /billed +12,345 requests \(router counted 12,300\),/);
  assert.equal(duration(0), '0s');
  assert.equal(duration(59.6), '1m 00s');
});
