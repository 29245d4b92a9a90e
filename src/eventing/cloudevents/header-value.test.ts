/**
 * The `ce-` header value policy: what is read as sent, what is percent-decoded, what is written raw and
 * what encoded — and that every value Ebb writes reads back as itself, over a real HTTP hop through undici
 * (how dispatchers send) and Node's http server (how ingress receives).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { request } from 'undici';
import {
  decodeAttributeHeader,
  encodeAttributeHeader,
  headerText,
  mustBePercentEncoded,
  percentEncode,
  toByteString,
} from './header-value.js';

const utf8Wire = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

test('header values - bytes are UTF-8, else Latin-1; text passed in-process stays text', () => {
  assert.equal(headerText(utf8Wire('ünïcode 火 🌎')), 'ünïcode 火 🌎');
  assert.equal(headerText('\xfcn\xefcode'), 'ünïcode', 'Latin-1 bytes (Node, Python, Java clients)');
  assert.equal(headerText('火'), '火');
  assert.equal(headerText('plain'), 'plain');
});

test('header values - what a sender writing values as is sends is taken as sent', () => {
  for (const value of ['hello world', 'say "hi"', '100%', 'a%20b', '%C3%BC', '100% of a%0Ab', 'ü%0A']) {
    assert.equal(decodeAttributeHeader('x', toByteString(value)), value, value);
  }
});

test('header values - only what can only be percent-encoded is decoded', () => {
  assert.equal(mustBePercentEncoded('a%0Ab'), true);
  assert.equal(mustBePercentEncoded('%7f'), true);
  assert.equal(mustBePercentEncoded('%20x'), true);
  assert.equal(mustBePercentEncoded('x%09'), true);
  assert.equal(mustBePercentEncoded('a%20b'), false, 'a space inside could have been sent raw');
  assert.equal(mustBePercentEncoded('a%0Ab%'), false, 'a lone % is never written by an encoder');
  assert.equal(mustBePercentEncoded('ü%0A'), false, 'raw non-ASCII is never written by an encoder');
  assert.equal(decodeAttributeHeader('x', '%7B%22othervalue%22:%205%7D%0A'), '{"othervalue": 5}\n');
  assert.equal(
    decodeAttributeHeader('x', 'a b %E6%97%A5%0D%0A'),
    'a b 日\r\n',
    'raw spaces (older encoders)',
  );
  assert.throws(() => decodeAttributeHeader('subject', '%0A%C3'), /header ce-subject: %C3 at offset 3/);
});

test('header values - written raw as UTF-8 bytes unless a value cannot travel raw', () => {
  assert.equal(encodeAttributeHeader('hello world'), 'hello world');
  assert.equal(encodeAttributeHeader('say "hi" 100% a%20b'), 'say "hi" 100% a%20b');
  assert.equal(encodeAttributeHeader('ünïcode'), utf8Wire('ünïcode'));
  assert.equal(encodeAttributeHeader('line\nbreak'), 'line%0Abreak');
  assert.equal(encodeAttributeHeader(' padded'), '%20padded');
  assert.equal(encodeAttributeHeader('tab\t'), 'tab%09');
  assert.equal(encodeAttributeHeader('ü\x7f'), '%C3%BC%7F');
  assert.equal(percentEncode('a b"c%d'), 'a%20b%22c%25d');
});

test('header values - every value written reads back as itself (seeded random values)', () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  // Everything but text that spells an escape of a control character (`%0a`), the documented ambiguity.
  const alphabet = [
    'a',
    ' ',
    '\t',
    '"',
    '%',
    '%2',
    '%41',
    '%C3%BC',
    'é',
    '火',
    '🌎',
    '\n',
    '\r',
    '\x7f',
    '\\',
    '7',
  ];
  for (let i = 0; i < 2000; i++) {
    const value = Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
    const wire = encodeAttributeHeader(value);
    assert.match(wire, /^[\x20-\x7e\x80-\xff]*$/, JSON.stringify(value));
    assert.equal(decodeAttributeHeader('x', wire), value, JSON.stringify(value));
  }
});

test('header values - the documented ambiguity: text that spells such an escape is read as one', () => {
  assert.equal(decodeAttributeHeader('x', encodeAttributeHeader('q=a%0Ab')), 'q=a\nb');
});

test('header values - over HTTP: undici sends the bytes, Node receives them, the value comes back', async () => {
  const values = ['ünïcode', 'hello world', 'say "hi"', '100%', 'a%20b', '火🌎', 'x\ny', ' edge '];
  let got: IncomingHttpHeaders = {};
  const server = createServer((req, res) => {
    got = req.headers;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const headers = Object.fromEntries(values.map((v, i) => [`ce-v${i}`, encodeAttributeHeader(v)]));
    const res = await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
      method: 'POST',
      headers,
    });
    await res.body.dump();
    values.forEach((v, i) => {
      assert.equal(decodeAttributeHeader(`v${i}`, got[`ce-v${i}`] as string), v);
    });
    assert.equal(got['ce-v0'], utf8Wire('ünïcode'), 'raw UTF-8 on the wire, as the Go SDK sends it');
  } finally {
    server.close();
  }
});
