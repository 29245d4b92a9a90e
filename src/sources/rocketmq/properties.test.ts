/** The user-property → extension rule: names, what is left out, and collisions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extensionNameOf, propertyExtensions } from './properties.js';

const map = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('rocketmq properties', () => {
  it('properties - names are lower-cased, stripped to [a-z0-9] and cut to 20 characters', () => {
    assert.equal(extensionNameOf('region'), 'region');
    assert.equal(extensionNameOf('orderId'), 'orderid');
    assert.equal(extensionNameOf('x-trace_ID'), 'xtraceid');
    assert.equal(extensionNameOf('ünïcode'), 'ncode');
    assert.equal(extensionNameOf('a'.repeat(30)), 'a'.repeat(20));
    assert.equal(extensionNameOf('---'), '');
  });

  it('properties - system, binding, consumed and reserved names are not copied', () => {
    const out = propertyExtensions(
      map({
        KEYS: 'k',
        TAGS: 't',
        __SHARDINGKEY: 's',
        CE_id: 'x',
        CONTENT_TYPE: 'text/csv',
        ID: 'forged',
        specVersion: '0.3',
        DATA: 'd',
        '***': 'nothing',
        region: 'eu',
      }),
      [],
      ['CONTENT_TYPE'],
    );
    assert.deepEqual(out, { region: 'eu' });
  });

  it('properties - on a collision the exact spelling wins, else the first name in order', () => {
    assert.deepEqual(propertyExtensions(map({ Order_Id: 'b', orderid: 'a', 'order-id': 'c' }), [], []), {
      orderid: 'a',
    });
    assert.deepEqual(propertyExtensions(map({ order_id: 'b', Order_Id: 'a' }), [], []), { orderid: 'a' });
  });

  it('properties - names the mapping sets are taken', () => {
    assert.deepEqual(
      propertyExtensions(map({ rocketmqtag: 'x', partitionKey: 'y' }), ['rocketmqtag', 'partitionkey'], []),
      {},
    );
  });
});
