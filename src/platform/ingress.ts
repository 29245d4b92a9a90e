/**
 * The ingress port's listener. Serving's router and the brokers' ingress mount here; until a host or path
 * is routed, requests get a 404 that says what the ingress serves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatHost, listen } from '../apiserver/server.js';
import { writeUnknownHost } from '../serving/router/index.js';

export interface Ingress {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** Handles the request and returns true, or returns false to let the next handler try. */
export type IngressHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface IngressOptions {
  host: string;
  port: number;
  handlers: IngressHandler[];
  /** Hosts served, listed in the 404 for an unknown host. */
  hosts: () => string[];
}

export async function startIngress(opts: IngressOptions): Promise<Ingress> {
  const server = createServer((req, res) => {
    for (const handle of opts.handlers) if (handle(req, res)) return;
    writeUnknownHost(res, req.headers.host, opts.hosts());
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 0;
  await listen(server, opts.port, opts.host);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${formatHost(opts.host)}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
