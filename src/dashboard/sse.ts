/**
 * Server-sent events to the dashboard's pages: each client gets `event: NAME` / `data: JSON` frames and a
 * comment every 15 s that keeps proxies and the browser from timing the stream out. A client that stops
 * reading is dropped once 1 MiB is waiting for it, so a stalled tab cannot grow the platform's memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const HEARTBEAT_MS = 15_000;
/** Bytes queued for one client before it is dropped. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** How long a browser waits before reconnecting, ms (sent as `retry:`). */
const RETRY_MS = 2_000;

export class SseHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor() {
    this.#heartbeat = setInterval(() => {
      for (const res of this.#clients) this.#write(res, ': keep-alive\n\n');
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Takes over the response as an event stream, sending `first` frames before any broadcast. */
  open(req: IncomingMessage, res: ServerResponse, first: string[]): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    for (const f of first) res.write(f);
    this.#clients.add(res);
    const drop = () => this.#clients.delete(res);
    req.on('close', drop);
    res.on('close', drop);
  }

  /** Sends one frame (from `frame`) to every client. */
  broadcast(frameText: string): void {
    for (const res of this.#clients) this.#write(res, frameText);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #write(res: ServerResponse, text: string): void {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      this.#clients.delete(res);
      res.destroy();
      return;
    }
    res.write(text);
  }
}

/** One server-sent event; `json` is already serialized (and scrubbed) and has no raw newlines. */
export function frame(event: string, json: string): string {
  return `event: ${event}\ndata: ${json}\n\n`;
}
