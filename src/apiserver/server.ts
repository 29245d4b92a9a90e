/**
 * The API server: Kubernetes-shaped REST over the ResourceStore, on 127.0.0.1 by default. Every error is
 * answered as a Kubernetes `Status`; bodies, headers and request time are bounded, and the status says
 * which bound was hit.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, type Registry } from 'prom-client';
import { kindForPath } from '../api/registry.js';
import { ApiError } from '../errors.js';
import type { Logger } from '../log.js';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  wantsAggregated,
} from './kube/aggregated-discovery.js';
import { serveAuthorization } from './kube/authorization.js';
import { discoveryDocument, versionInfo } from './kube/discovery.js';
import { openApiV3 } from './kube/openapi.js';
import { type LogSource, serveLogs } from './logs.js';
import { parseResourcePath } from './paths.js';
import { handleResource, type ResourceHandlerContext, sendJson } from './resources.js';
import { serveUsage, type UsageSource } from './usage.js';

/** Time allowed to receive a whole request (headers and body). */
export const REQUEST_TIMEOUT_MS = 60_000;
export const HEADERS_TIMEOUT_MS = 15_000;
/** Unread bodies up to this size are drained before an error answer; larger ones are cut off. */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

const EBB_VERSION = packageVersion();

function packageVersion(): string {
  try {
    const url = new URL('../../../package.json', import.meta.url); // dist/src/apiserver → the repository
    return String(JSON.parse(readFileSync(url, 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

export interface ApiServerOptions extends ResourceHandlerContext {
  log: Logger;
  host: string;
  port: number;
  metrics: Registry;
  /** Replica output for the `log` subresource. */
  logs?: LogSource;
  /** Per-revision usage for `/usage`. */
  usage?: UsageSource;
  /** Answers `/healthz`: false while starting or stopping. */
  healthy: () => boolean;
  /**
   * Tried first, in order (the dashboard mounts here): each serves the request and returns true, or returns
   * false and touches nothing. Read `handlers` at request time, so they can be added after the server starts.
   */
  handlers?: ((req: IncomingMessage, res: ServerResponse) => boolean)[];
}

export interface ApiServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const requests = new Counter({
    name: 'apiserver_request_total',
    help: 'API requests by verb, resource and HTTP code.',
    labelNames: ['verb', 'resource', 'code'],
    registers: [options.metrics],
  });
  const server = createServer((req, res) => {
    void dispatch(options, req, res).then(
      () => requests.inc({ verb: req.method ?? '', resource: resourceLabel(req.url), code: res.statusCode }),
      (err) => {
        const status = toStatus(err, options.log);
        if (res.headersSent) res.destroy();
        else if (req.complete || !(Number(req.headers['content-length']) <= MAX_DRAIN_BYTES)) {
          if (!req.complete) res.setHeader('connection', 'close');
          sendJson(res, status.code, status.body);
        } else {
          // Drain a moderately sized unread body so the client reads the answer, not a reset connection.
          req.resume();
          req.once('end', () => sendJson(res, status.code, status.body));
        }
        requests.inc({ verb: req.method ?? '', resource: resourceLabel(req.url), code: status.code });
      },
    );
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await listen(server, options.port, options.host);
  const address = server.address() as AddressInfo;
  return {
    url: `http://${formatHost(options.host)}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function dispatch(options: ApiServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const handle of options.handlers ?? []) if (handle(req, res)) return;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  if (p === '/healthz' || p === '/livez' || p === '/readyz') {
    const ok = options.healthy();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' });
    res.end(ok ? 'ok' : 'not ready');
    return;
  }
  if (p === '/metrics') {
    const text = await options.metrics.metrics();
    res.writeHead(200, { 'content-type': options.metrics.contentType });
    res.end(text);
    return;
  }
  if (p === '/usage' && options.usage && req.method === 'GET') return serveUsage(options.usage, url, res);
  if (p === '/version') return sendJson(res, 200, versionInfo(EBB_VERSION));
  if (p.startsWith('/openapi/v3')) {
    const text = openApiV3(p);
    if (text === undefined) throw new ApiError(404, 'NotFound', `no OpenAPI v3 document at ${p}`);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  if (req.method === 'POST' && (await serveAuthorization(p, req, res))) return;
  if ((p === '/api' || p === '/apis') && wantsAggregated(req)) {
    const text = JSON.stringify(aggregatedDiscovery(p));
    res.writeHead(200, {
      'content-type': AGGREGATED_CONTENT_TYPE,
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  const document = discoveryDocument(p);
  if (document !== undefined) return sendJson(res, 200, document);
  const path = parseResourcePath(p);
  if (!path) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${p})`);
  const def = kindForPath(path.group, path.version, path.plural);
  if (!def) {
    const gv = path.group ? `${path.group}/${path.version}` : path.version;
    throw new ApiError(
      404,
      'NotFound',
      `the server could not find the requested resource: no "${path.plural}" in ${gv}`,
    );
  }
  if (path.subresource === 'log' && path.name !== undefined && req.method === 'GET' && options.logs) {
    return serveLogs(options.store, options.logs, def, path.namespace ?? '', path.name, url, req, res);
  }
  await handleResource(options, def, path, url, req, res);
}

function toStatus(err: unknown, log: Logger): { code: number; body: unknown } {
  if (err instanceof ApiError) return { code: err.status, body: err.toStatus() };
  log.error('internal error serving request', { err });
  const internal = new ApiError(
    500,
    'InternalError',
    `Internal error occurred: ${(err as Error)?.message ?? err}`,
  );
  return { code: 500, body: internal.toStatus() };
}

function resourceLabel(url: string | undefined): string {
  const path = parseResourcePath(new URL(url ?? '/', 'http://localhost').pathname);
  return path ? path.plural : '';
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
