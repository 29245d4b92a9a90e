/**
 * CESQL evaluation throughput: evaluations per second of three typical trigger filters, through
 * `matches` (the filter path, allocation-free) and `evaluate` (value plus error list).
 * Run: npx tsc -p tsconfig.json && node dist/bench/cesql.js
 */
import { type CesqlEvent, compileCesql } from '../src/eventing/cesql/index.js';

const DURATION_MS = 1_000;

const EXPRESSIONS = [
  "type = 'order.created' AND source LIKE '/orders/%'",
  'EXISTS priority AND INT(priority) > 5',
  "type IN ('a','b','c')",
];

const events: CesqlEvent[] = [
  { attributes: { specversion: '1.0', id: '1', source: '/orders/1', type: 'order.created', priority: '7' } },
  { attributes: { specversion: '1.0', id: '2', source: '/billing/9', type: 'b' } },
  { attributes: { specversion: '1.0', id: '3', source: '/orders/2', type: 'order.shipped', priority: '3' } },
];

function measure(fn: (i: number) => unknown): number {
  for (let i = 0; i < 100_000; i++) fn(i); // warm up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < DURATION_MS) {
    for (let i = 0; i < 10_000; i++) fn(n + i);
    n += 10_000;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1_000;
}

const fmt = (perSecond: number) => `${(perSecond / 1e6).toFixed(2)} M/s`;

for (const expression of EXPRESSIONS) {
  const compiled = compileCesql(expression);
  let sink = 0;
  const matches = measure((i) => {
    if (compiled.matches(events[i % 3]!)) sink++;
  });
  const evaluate = measure((i) => {
    if (compiled.evaluate(events[i % 3]!).value === true) sink++;
  });
  console.log(
    `${expression.padEnd(52)} matches ${fmt(matches).padStart(10)}  evaluate ${fmt(evaluate).padStart(10)}  (${sink > 0 ? 'ok' : '-'})`,
  );
}
