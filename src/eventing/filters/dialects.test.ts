import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventRecord } from '../types.js';
import { compileFilters } from './dialects.js';

const event = (attributes: Record<string, string>): EventRecord => ({
  attributes: { specversion: '1.0', id: '1', source: '/orders', ...attributes },
});

test('filters - exact, prefix and suffix', () => {
  const e = event({ type: 'com.example.order.created', subject: 'orders/42.json' });
  assert.equal(compileFilters([{ exact: { type: 'com.example.order.created' } }])(e), true);
  assert.equal(compileFilters([{ exact: { type: 'com.example.order' } }])(e), false);
  assert.equal(compileFilters([{ prefix: { type: 'com.example.' } }])(e), true);
  assert.equal(compileFilters([{ suffix: { subject: '.json' } }])(e), true);
  assert.equal(compileFilters([{ suffix: { missing: '' } }])(e), false, 'a missing attribute never matches');
});

test('filters - all, any, not, and a list means all', () => {
  const e = event({ type: 'order.created', priority: 'high' });
  const created = { exact: { type: 'order.created' } };
  const low = { exact: { priority: 'low' } };
  assert.equal(compileFilters([{ all: [created, { not: low }] }])(e), true);
  assert.equal(compileFilters([{ any: [low, created] }])(e), true);
  assert.equal(compileFilters([{ any: [low] }])(e), false);
  assert.equal(compileFilters([created, low])(e), false);
  assert.equal(compileFilters([])(e), true);
});

test('filters - cesql needs an engine', () => {
  assert.throws(() => compileFilters([{ cesql: "type = 'x'" }]), /CESQL/);
  const viaEngine = compileFilters([{ cesql: 'anything' }], () => (ev) => ev.attributes.type === 'x');
  assert.equal(viaEngine(event({ type: 'x' })), true);
});
