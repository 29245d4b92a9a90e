/**
 * Inflating a compressed RocketMQ message body, as a gRPC consumer receives it.
 *
 * The broker keeps a body as its producer compressed it and flags the message (sysFlag COMPRESSED); the
 * proxy hands such a message to gRPC clients with `bodyEncoding = GZIP` whatever the compressor was. The
 * Java remoting producer compresses every body over 4 KiB (`compressMsgBodyOverHowmuch`) with zlib by
 * default — a zlib stream, not gzip — or LZ4 / ZSTD when its `compressType` says so. The Node client
 * 1.0.8 gunzips blindly and throws on zlib (apache/rocketmq-clients#667); the Java gRPC client sniffs the
 * gzip magic and inflates zlib otherwise (apache/rocketmq-clients#722). This does what the Java client does,
 * plus: ZSTD where this Node has it, a named reason for LZ4 (no decoder ships with Node), a bound on the
 * inflated size, and a result instead of an exception, so one bad body never fails the batch it came in.
 */
import zlib from 'node:zlib';

/** Inflated bodies larger than this are refused (a "zip bomb" would otherwise take the process's memory). */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

export type Compression = 'gzip' | 'zlib' | 'zstd' | 'lz4';

export type Inflated =
  | { ok: true; body: Buffer; compression: Compression }
  | { ok: false; reason: string; compression: Compression };

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** LZ4 frame format, as lz4-java's LZ4FrameOutputStream (RocketMQ's Lz4Compressor) writes it. */
const LZ4_MAGIC = [0x04, 0x22, 0x4d, 0x18];

const startsWith = (bytes: Buffer, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** The compressor a body flagged compressed was written by, judged from its first bytes. */
export function compressionOf(bytes: Buffer): Compression {
  if (startsWith(bytes, GZIP_MAGIC)) return 'gzip';
  if (startsWith(bytes, ZSTD_MAGIC)) return 'zstd';
  if (startsWith(bytes, LZ4_MAGIC)) return 'lz4';
  return 'zlib';
}

type ZstdDecompress = (buf: Buffer, options?: { maxOutputLength?: number }) => Buffer;

/** Inflates a body the message says is compressed; never throws. */
export function inflateBody(bytes: Buffer, limit = MAX_INFLATED_BYTES): Inflated {
  const compression = compressionOf(bytes);
  const options = { maxOutputLength: limit };
  try {
    switch (compression) {
      case 'gzip':
        return { ok: true, body: zlib.gunzipSync(bytes, options), compression };
      case 'zlib':
        return { ok: true, body: zlib.inflateSync(bytes, options), compression };
      case 'zstd': {
        const zstd = (zlib as unknown as { zstdDecompressSync?: ZstdDecompress }).zstdDecompressSync;
        if (!zstd) {
          return {
            ok: false,
            compression,
            reason: `the body is ZSTD-compressed and Node ${process.version} has no ZSTD decoder (Node 22.15 or later has one); or produce with compressType=ZLIB`,
          };
        }
        return { ok: true, body: zstd(bytes, options), compression };
      }
      case 'lz4':
        return {
          ok: false,
          compression,
          reason:
            'the body is LZ4-compressed, which Ebb cannot inflate: produce with compressType=ZLIB (the default)',
        };
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason =
      e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError
        ? `the body inflates to more than ${limit} bytes (the limit)`
        : `the ${compression}-compressed body (${bytes.length} bytes) does not inflate: ${e.message}`;
    return { ok: false, reason, compression };
  }
}
