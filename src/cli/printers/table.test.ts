import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KindDef } from '../../api/kind.js';
import { NOW, service, serviceDef } from '../testing.js';
import { formatTable, objectTable } from './table.js';

test('table - columns are left-aligned with three-space gaps and no trailing spaces', () => {
  const lines = formatTable([
    ['NAME', 'READY', 'AGE'],
    ['a-long-name', 'True', '5s'],
    ['b', '', '3m'],
  ]);
  assert.deepEqual(lines, [
    'NAME          READY   AGE',
    'a-long-name   True    5s',
    'b                     3m',
  ]);
});

test('table - objects: NAME, the kind columns, AGE; wide adds wide columns; -A puts NAMESPACE first', () => {
  const objects = [service('hello'), service('order-service', 'shop')];
  assert.deepEqual(objectTable(serviceDef, objects, { now: NOW }), [
    'NAME            URL                                        READY   AGE',
    'hello           http://hello.default.localhost:8080        True    3m',
    'order-service   http://order-service.shop.localhost:8080   True    3m',
  ]);
  const wide = objectTable(serviceDef, objects, { now: NOW, wide: true });
  assert.match(wide[0]!, /^NAME\s+URL\s+LATESTCREATED\s+READY\s+AGE$/);
  assert.match(wide[1]!, /hello-00001/);
  const all = objectTable(serviceDef, objects, { now: NOW, allNamespaces: true });
  assert.match(all[0]!, /^NAMESPACE {3}NAME\s+URL/);
  assert.match(all[2]!, /^shop {8}order-service/);
});

test('table - a column that throws renders empty instead of failing', () => {
  const def: KindDef = {
    ...serviceDef,
    columns: [
      {
        header: 'Bad',
        value: () => {
          throw new Error('boom');
        },
      },
    ],
  };
  assert.deepEqual(objectTable(def, [service('x')], { now: NOW }), ['NAME   BAD   AGE', 'x            3m']);
});

test('table - a kind column headed AGE puts the age there, as kubectl prints sources (SINK, AGE, READY)', () => {
  const def: KindDef = {
    ...serviceDef,
    columns: [
      { header: 'SINK', value: () => 'http://sink' },
      { header: 'AGE', value: () => 'ignored' },
      { header: 'READY', value: () => 'True' },
    ],
  };
  assert.deepEqual(objectTable(def, [service('x')], { now: NOW }), [
    'NAME   SINK          AGE   READY',
    'x      http://sink   3m    True',
  ]);
});
