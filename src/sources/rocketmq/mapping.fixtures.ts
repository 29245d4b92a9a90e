/**
 * What the mapping tests share: a message builder, property maps and a check that an event survives the
 * adapter's HTTP binary-mode delivery unchanged.
 */
import assert from 'node:assert/strict';
import { parseHttpEvents, toBinaryHttp } from '../../eventing/cloudevents/index.js';
import type { EventRecord } from '../../eventing/types.js';
import type { MappingContext, SourceMessage } from './mapping.js';

export const ctx: MappingContext = { namespace: 'shop', name: 'orders-source' };
export const SOURCE = '/apis/v1/namespaces/shop/rocketmqsources/orders-source#orders';
export const BORN = new Date('2024-05-06T07:08:09.123Z');

export const message = (over: Partial<SourceMessage> = {}): SourceMessage => ({
  messageId: '7F0000010001-MSG-1',
  topic: 'orders',
  body: Buffer.from('hello'),
  keys: [],
  properties: new Map(),
  ...over,
});

export const props = (entries: Record<string, string>) => new Map(Object.entries(entries));

/** The properties of a binary-mode message: each attribute as `CE_<name>`. */
export const ceProps = (attributes: Record<string, string>, extra: Record<string, string> = {}) =>
  props({ ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`CE_${k}`, v])), ...extra });

export const VALID = {
  specversion: '1.0',
  id: 'evt-1',
  source: '/orders/eu',
  type: 'com.example.order.created',
};

/** The adapter delivers in HTTP binary mode: the next hop must read back exactly the same event. */
export function assertDeliverable(event: EventRecord): void {
  const http = toBinaryHttp(event);
  assert.deepEqual(parseHttpEvents(http.headers, http.body ?? Buffer.alloc(0)), [event]);
}
