/**
 * Reads a request body into one Buffer under a byte limit: a declared Content-Length over the limit
 * fails before reading, a chunked body as soon as it crosses it; a client that disconnects mid-body
 * fails with ClientAbortedError.
 */
import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, ClientAbortedError } from './errors.js';

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes)
    return Promise.reject(new BodyTooLargeError(maxBytes));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(() => reject(new BodyTooLargeError(maxBytes)));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
    const onAbort = () => settle(() => reject(new ClientAbortedError()));
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}
