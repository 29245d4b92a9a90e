import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrderGenerator } from './orders.js';

const FIELDS = [
  'orderId',
  'orderStatus',
  'userPhoneNo',
  'prodId',
  'prodName',
  'chargeMoney',
  'chargeTime',
  'finishTime',
];

test('orders - the mix: mostly valid sample-shaped orders, some duplicates and malformed ones', () => {
  const g = new OrderGenerator('run', { duplicateShare: 0.05, malformedShare: 0.05, seed: 1 });
  const orders = Array.from({ length: 4000 }, () => g.next(new Date('2026-01-01T12:00:00Z')));
  const count = (k: string) => orders.filter((o) => o.kind === k).length;
  assert.ok(Math.abs(count('duplicate') / 4000 - 0.05) < 0.015, `duplicates ${count('duplicate')}`);
  assert.ok(Math.abs(count('malformed') / 4000 - 0.05) < 0.015, `malformed ${count('malformed')}`);
  const sentIds = new Set<string>();
  for (const o of orders) {
    if (o.kind === 'duplicate') {
      assert.ok(sentIds.has(o.key), 'a duplicate repeats an orderId already sent');
      continue;
    }
    assert.ok(!sentIds.has(o.key), 'a new order has a new orderId');
    sentIds.add(o.key);
    if (o.kind === 'valid') {
      const order = JSON.parse(o.body);
      assert.deepEqual(Object.keys(order), FIELDS);
      assert.equal(order.orderId, o.key);
    }
  }
});

test('orders - a seed repeats the same orders', () => {
  const a = new OrderGenerator('r', { seed: 9 });
  const b = new OrderGenerator('r', { seed: 9 });
  const now = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < 200; i++) assert.deepEqual(a.next(now), b.next(now));
});
