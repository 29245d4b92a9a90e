/**
 * Test pieces for the router: real replicas (HTTP servers on port 0 that record what they saw), a real
 * ingress server in front of a Router, and a plain HTTP client that sets any Host header.
 */
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReplicaEndpoint, RevisionKey } from '../types.js';
import { writeUnknownHost } from './errors.js';
import type { Router } from './router.js';

export interface TestReplica {
  endpoint: ReplicaEndpoint;
  /** Requests seen, in order. */
  seen: { path: string; headers: IncomingMessage['headers'] }[];
  inFlight: number;
  maxInFlight: number;
  close(): Promise<void>;
}

export type ReplicaHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A replica answering `GET /` with its id. Paths: `/slow?ms=N` answers after N ms; `/headers` echoes the
 * request headers as JSON; `/upload` answers with the byte count of the body; `/hang` never answers.
 */
export async function startReplica(
  id: string,
  revision: RevisionKey,
  handler?: ReplicaHandler,
): Promise<TestReplica> {
  const replica: TestReplica = {
    endpoint: { id, revision, host: '127.0.0.1', port: 0 },
    seen: [],
    inFlight: 0,
    maxInFlight: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    replica.seen.push({ path: req.url ?? '', headers: req.headers });
    replica.inFlight++;
    replica.maxInFlight = Math.max(replica.maxInFlight, replica.inFlight);
    res.on('close', () => replica.inFlight--);
    (handler ?? defaultHandler(id))(req, res);
  });
  const port = await listen(server);
  replica.endpoint.port = port;
  replica.close = () => closeServer(server);
  return replica;
}

function defaultHandler(id: string): ReplicaHandler {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/slow') {
      setTimeout(() => res.end(id), Number(url.searchParams.get('ms') ?? 100));
    } else if (url.pathname === '/headers') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.headers));
    } else if (url.pathname === '/upload') {
      let bytes = 0;
      req.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      req.on('end', () => res.end(String(bytes)));
    } else if (url.pathname === '/hang') {
      // never answers
    } else {
      res.end(id);
    }
  };
}

export interface TestIngress {
  port: number;
  close(): Promise<void>;
}

/** An ingress server: the router first, then the unknown-host 404 with the served hosts. */
export async function startIngress(router: Router): Promise<TestIngress> {
  const server = createServer((req, res) => {
    if (!router.handle(req, res)) writeUnknownHost(res, req.headers.host, router.hosts());
  });
  const port = await listen(server);
  return { port, close: () => closeServer(server) };
}

export interface TestResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** One request with an explicit Host header; the body may be a string or Buffer. */
export function send(
  port: number,
  host: string,
  path = '/',
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        headers: { host, ...opts.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export function route(
  id: string,
  hosts: string[],
  targets: { revision: RevisionKey; percent: number }[],
  tags: { host: string; revision: RevisionKey }[] = [],
) {
  return { id, hosts, visibility: 'external' as const, targets, tags };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
