import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadLetterEvent } from './dead-letter.js';
import { DeliveryError, DeliveryTimeoutError } from './errors.js';
import { attributeFilter } from './filter.js';
import { replyFor } from './reply.js';
import { makeEvent } from './testing.js';

describe('dead letters, filters, replies', () => {
  it('dead-letter - adds knativeerrordest, knativeerrorcode and base64 knativeerrordata', () => {
    const event = makeEvent('e1', {}, 'payload');
    const err = new DeliveryError('X', 'boom', { status: 500, body: Buffer.from('broken') });
    const dl = deadLetterEvent(event, 'http://sub/', err);
    assert.equal(dl.attributes.knativeerrordest, 'http://sub/');
    assert.equal(dl.attributes.knativeerrorcode, '500');
    assert.equal(Buffer.from(dl.attributes.knativeerrordata!, 'base64').toString(), 'broken');
    assert.equal(dl.data?.toString(), 'payload');
    assert.equal(event.attributes.knativeerrordest, undefined, 'the original is untouched');
  });

  it('dead-letter - knativeerrordata is cut to 1024 base64 characters; no code without a response', () => {
    const long = new DeliveryError('X', 'boom', { status: 503, body: Buffer.alloc(5000, 'x') });
    assert.equal(deadLetterEvent(makeEvent('e'), 'u', long).attributes.knativeerrordata!.length, 1024);
    const timeout = deadLetterEvent(makeEvent('e'), 'u', new DeliveryTimeoutError('u', 10));
    assert.equal(timeout.attributes.knativeerrorcode, undefined);
    assert.match(Buffer.from(timeout.attributes.knativeerrordata!, 'base64').toString(), /did not answer/);
  });

  it('filter - exact attribute match, "" means present', () => {
    const f = attributeFilter({ type: 'order.created', region: '' });
    assert.equal(f(makeEvent('1', { type: 'order.created', region: 'eu' })), true);
    assert.equal(f(makeEvent('2', { type: 'order.created' })), false);
    assert.equal(f(makeEvent('3', { type: 'order.paid', region: 'eu' })), false);
    assert.equal(attributeFilter(undefined)(makeEvent('4')), true);
  });

  it('reply - carries the original TTL minus one, dropped at zero', () => {
    const reply = makeEvent('r', { knativebrokerttl: '200' });
    assert.equal(
      replyFor(reply, makeEvent('o', { knativebrokerttl: '5' }))?.attributes.knativebrokerttl,
      '4',
    );
    assert.equal(replyFor(reply, makeEvent('o', { knativebrokerttl: '1' })), undefined);
    assert.equal(replyFor(reply, makeEvent('o'))?.attributes.knativebrokerttl, '254');
  });
});
