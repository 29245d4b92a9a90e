/** Inflating compressed message bodies: every compressor RocketMQ producers use, bounds, and bad bytes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import { compressionOf, inflateBody } from './body.js';

const text = Buffer.from('{"order":1}'.repeat(1000));

describe('rocketmq body', () => {
  it('body - a zlib stream (the Java remoting producer) and a gzip stream inflate', () => {
    for (const [compressed, kind] of [
      [zlib.deflateSync(text), 'zlib'],
      [zlib.deflateSync(text, { level: 9 }), 'zlib'],
      [zlib.gzipSync(text), 'gzip'],
    ] as const) {
      const inflated = inflateBody(compressed);
      assert.deepEqual(inflated, { ok: true, body: text, compression: kind });
    }
  });

  it('body - the magic bytes name the compressor', () => {
    assert.equal(compressionOf(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0])), 'zstd');
    assert.equal(compressionOf(Buffer.from([0x04, 0x22, 0x4d, 0x18, 0])), 'lz4');
    assert.equal(compressionOf(Buffer.from([0x1f, 0x8b, 8])), 'gzip');
    assert.equal(compressionOf(Buffer.from([0x78, 0x9c])), 'zlib');
  });

  it('body - LZ4 is refused with the fix; ZSTD where Node has no decoder', () => {
    const lz4 = inflateBody(Buffer.from([0x04, 0x22, 0x4d, 0x18, 1, 2, 3]));
    assert.equal(lz4.ok, false);
    assert.match((lz4 as { reason: string }).reason, /LZ4.*compressType=ZLIB/);
    const zstd = inflateBody(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]));
    assert.equal(zstd.ok, false);
    assert.match((zstd as { reason: string }).reason, /ZSTD/);
  });

  it('body - corrupt or truncated bytes give a reason, never an exception', () => {
    const deflated = zlib.deflateSync(text);
    const corrupt = Buffer.from(deflated);
    for (let i = 10; i < corrupt.length; i++) corrupt[i]! ^= 0x55;
    for (const bytes of [
      corrupt,
      deflated.subarray(0, 20),
      Buffer.from('not compressed at all'),
      Buffer.alloc(0),
    ]) {
      const inflated = inflateBody(bytes);
      assert.equal(inflated.ok, false);
      assert.match((inflated as { reason: string }).reason, /does not inflate/);
    }
  });

  it('body - an inflated size over the limit is refused, naming it', () => {
    const bomb = zlib.deflateSync(Buffer.alloc(2 * 1024 * 1024));
    assert.equal(inflateBody(bomb).ok, true);
    const refused = inflateBody(bomb, 1024 * 1024);
    assert.equal(refused.ok, false);
    assert.match((refused as { reason: string }).reason, /more than 1048576 bytes \(the limit\)/);
  });
});
