/**
 * A wrapper around the Node client's message decoding (rocketmq-client-nodejs 1.0.8, `MessageView`), so that
 * every body a producer can send is received, and one that cannot be decoded is reported, not thrown.
 *
 * The client builds a MessageView per received message inside its receive call; its constructor gunzips
 * any body flagged compressed and throws on the zlib stream the Java producer writes, which fails the
 * whole batch (apache/rocketmq-clients#667). Rather than catching around the batch, the view is replaced
 * at the depth of the bug: the original constructor is told the body is IDENTITY (so it checks the body
 * digest over the bytes as sent, and inflates nothing), then body.ts inflates it (gzip or zlib, bounded).
 * A body that does not inflate is kept as received and the view carries `decodeError`.
 *
 * Why a wrapper and not a patch file: Ebb is run with `npx ebb`, where a postinstall patch of a
 * dependency is not reliably applied (hoisting, `--ignore-scripts`); the client is pinned to 1.0.8, and
 * the wrapper is a no-op for a client that someday inflates zlib itself (the body it sees is plain).
 */
import { createRequire } from 'node:module';
import { inflateBody } from './body.js';

const require = createRequire(import.meta.url);

/** The protobuf message the client decodes (the parts used here). */
interface ProtoMessage {
  getSystemProperties(): {
    getBodyEncoding(): number;
    setBodyEncoding(value: number): void;
  };
}

/** What the wrapper adds to the client's MessageView. */
export interface DecodedView {
  body: Buffer;
  /** Why the body could not be decoded (it is then the bytes as received). */
  decodeError?: string;
  /** The body failed its digest check (set by the client). */
  corrupted?: boolean;
}

type ViewClass = new (message: ProtoMessage, ...rest: unknown[]) => DecodedView;

/** Encoding of the client's protobuf (apache.rocketmq.v2.Encoding). */
const ENCODING_IDENTITY = 1;
const ENCODING_GZIP = 2;
let installed = false;

/** Replaces the client's MessageView with the safe one, once per process. */
export function installSafeMessageView(): void {
  if (installed) return;
  installed = true;
  const module = require('rocketmq-client-nodejs/dist/message/MessageView.js') as { MessageView: ViewClass };
  class SafeMessageView extends module.MessageView {
    constructor(message: ProtoMessage, ...rest: unknown[]) {
      const system = message.getSystemProperties();
      const compressed = system.getBodyEncoding() === ENCODING_GZIP;
      if (compressed) system.setBodyEncoding(ENCODING_IDENTITY);
      super(message, ...rest);
      if (!compressed) return;
      const inflated = inflateBody(this.body);
      if (inflated.ok) this.body = inflated.body;
      else this.decodeError = inflated.reason;
    }
  }
  module.MessageView = SafeMessageView;
}
