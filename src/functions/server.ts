/**
 * The HTTP server a function runs in (faas-js-runtime's contract on node:http): every path but the health
 * endpoints invokes the handler — with the CloudEvent when the request carries one (binary, structured)
 * — and `/health/liveness` and `/health/readiness` answer `OK` or the Function's own `liveness()` /
 * `readiness()` (a throw is 503). Limits: a body over `FUNC_BODY_LIMIT` bytes (default 1 MiB, as
 * faas-js-runtime) is a 413 naming the limit; a request body must arrive within 60 s.
 *
 * Hand-written rather than faas-js-runtime itself: its last release for Node 20 (3.0.2; 4.x needs Node 22)
 * loads fastify, pino, a second cloudevents and overload-protection — about 470 ms before a handler runs
 * on this machine against 10 ms for node:http, which a scale-from-zero request would wait for — and it
 * exits on any uncaught exception with status 0. The contract is the same; functions.oracle.test.ts runs
 * the same handlers under faas-js-runtime and here and compares the answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BadBodyError, FunctionContext } from './context.js';
import type { FunctionLogger, FunctionModule } from './contract.js';
import { baseHeaders, errorReply, isCloudEvent, type Reply, replyOf } from './reply.js';

/** events.ts, loaded on the first event in or out. */
const events = () => import('./events.js');
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const BODY_TIMEOUT_MS = 60_000;
const LIVENESS = process.env.LIVENESS_URL ?? '/health/liveness';
const READINESS = process.env.READINESS_URL ?? '/health/readiness';

export interface ServerOptions {
  fn: FunctionModule;
  log: FunctionLogger;
  bodyLimit?: number;
}

class TooLargeError extends Error {}

export function functionServer(opts: ServerOptions): Server {
  const limit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const server = createServer((req, res) => {
    handle(req, res, opts, limit).catch((err) => {
      opts.log.error(`answering ${req.method} ${req.url} failed: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) send(res, errorReply(err));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.requestTimeout = BODY_TIMEOUT_MS;
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: ServerOptions, limit: number) {
  const url = new URL(req.url ?? '/', 'http://function');
  if (req.method === 'GET' && (url.pathname === LIVENESS || url.pathname === READINESS)) {
    const probe = url.pathname === LIVENESS ? opts.fn.liveness : opts.fn.readiness;
    return send(res, await health(probe));
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, limit);
  } catch (err) {
    if (!(err instanceof TooLargeError)) throw err;
    return send(
      res,
      text(413, `request body larger than the function's limit of ${limit} bytes (FUNC_BODY_LIMIT)`),
    );
  }
  let context: FunctionContext;
  try {
    context = new FunctionContext(req, url, raw, opts.log);
  } catch (err) {
    if (err instanceof BadBodyError) return send(res, text(400, err.message));
    throw err;
  }
  let event: unknown;
  if (carriesEvent(req)) {
    const incoming = (await events()).readEvent(req.headers, raw);
    if ('status' in incoming) return send(res, text(incoming.status, incoming.message));
    event = context.cloudevent = incoming.event;
  }
  let reply: Reply;
  try {
    const body = event !== undefined ? event : context.body;
    const result = await opts.fn.handle.call(Object.freeze({}), context, body);
    reply = isCloudEvent(result) ? (await events()).eventReply(result, baseHeaders()) : replyOf(result);
  } catch (err) {
    const e = err as Error;
    opts.log.error(`the function threw on ${req.method} ${url.pathname}: ${e?.stack ?? String(err)}`);
    reply = errorReply(err);
  }
  send(res, reply);
}

async function health(probe: (() => unknown) | undefined): Promise<Reply> {
  if (!probe) return text(200, 'OK');
  try {
    const answer = await probe();
    if (answer !== undefined && typeof answer === 'object' && answer !== null) return replyOf(answer);
    return text(200, answer === undefined ? 'OK' : String(answer));
  } catch (err) {
    return text(503, `unhealthy: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** A binary-mode (ce-specversion) or structured/batch-mode request. */
function carriesEvent(req: IncomingMessage): boolean {
  const type = req.headers['content-type'] ?? '';
  return req.headers['ce-specversion'] !== undefined || /^\s*application\/cloudevents/i.test(type);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new TooLargeError());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const text = (status: number, body: string): Reply => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

function send(res: ServerResponse, reply: Reply): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  res.end(body);
}
