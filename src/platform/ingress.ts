/**
 * The ingress port's listener. Serving's router and the brokers' ingress mount here; until a host or path
 * is routed, requests get a 404 that says what the ingress serves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatHost, listen } from '../apiserver/server.js';
import type { Logger } from '../log.js';

export interface Ingress {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startIngress(opts: { host: string; port: number; log: Logger }): Promise<Ingress> {
  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    const body = `no route for host "${host}" and path "${req.url}": apply a Knative Service (its URL is in \`ebb get ksvc\`) and send its host in the Host header\n`;
    res.writeHead(404, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
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
