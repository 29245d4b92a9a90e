/**
 * The dashboard's HTTP surface on the API port, read-only:
 *   GET /                       a browser (Accept: text/html) is sent to /dashboard/; API clients are not
 *   GET /dashboard/             the page; app.js, app.css and echarts.min.js beside it
 *   GET /dashboard/api/snapshot every view, the revisions' histories, recent events and attempts
 *   GET /dashboard/api/stream   server-sent events: a tick of every view each second, and what is new
 *   GET /dashboard/api/event?stream=S&offset=N   one event, its data's start and its attempts
 *   GET /dashboard/api/logs?revision=NS/NAME[&tail=N]  recent log lines of a revision's replicas
 * Anything else under /dashboard/ is a 404; a method other than GET or HEAD a 405.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveAsset } from './assets.js';
import type { Dashboard } from './dashboard.js';
import { frame } from './sse.js';

export const DASHBOARD_PATH = '/dashboard/';
/** Log lines a page asks for, at most. */
const MAX_LOG_LINES = 500;
const DEFAULT_LOG_LINES = 100;

/** True for a request a browser makes for a page (not a client asking for JSON). */
export function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/.test(String(req.headers.accept ?? ''));
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'application/json; charset=utf-8',
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

const notFound = (res: ServerResponse, what: string) =>
  send(
    res,
    404,
    JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: what }),
  );

export function dashboardHandler(
  dashboard: Dashboard,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const raw = req.url ?? '/';
    // Every API request passes here first: only the dashboard's paths are parsed.
    if (!raw.startsWith('/dashboard') && raw !== '/' && !raw.startsWith('/?')) return false;
    const url = new URL(raw, 'http://localhost');
    const p = url.pathname;
    if (p === '/' && req.method === 'GET' && wantsHtml(req)) {
      res.writeHead(302, { location: DASHBOARD_PATH });
      res.end();
      return true;
    }
    if (p !== '/dashboard' && !p.startsWith(DASHBOARD_PATH)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('the dashboard is read-only');
      return true;
    }
    if (p === '/dashboard') {
      res.writeHead(301, { location: DASHBOARD_PATH });
      res.end();
      return true;
    }
    const rest = p.slice(DASHBOARD_PATH.length);
    if (!rest.startsWith('api/')) {
      if (!serveAsset(rest, req, res)) notFound(res, `no dashboard file ${p}`);
      return true;
    }
    void serveApi(dashboard, rest.slice(4), url, req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ message: (err as Error).message }));
      else res.destroy();
    });
    return true;
  };
}

async function serveApi(
  d: Dashboard,
  path: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  switch (path) {
    case 'snapshot':
      return send(res, 200, d.json(await d.snapshot()));
    case 'stream':
      return d.hub.open(req, res, [frame('snapshot', d.json(await d.snapshot()))]);
    case 'event': {
      const stream = url.searchParams.get('stream') ?? '';
      const offset = Number(url.searchParams.get('offset'));
      const event = Number.isInteger(offset) && offset > 0 ? await d.event(stream, offset) : undefined;
      if (!event) return notFound(res, `no event at offset ${url.searchParams.get('offset')} of ${stream}`);
      return send(res, 200, d.json(event));
    }
    case 'logs': {
      const key = url.searchParams.get('revision') ?? '';
      const tail = Math.min(MAX_LOG_LINES, Number(url.searchParams.get('tail')) || DEFAULT_LOG_LINES);
      return send(res, 200, d.json({ revision: key, lines: d.logs(key, tail) }));
    }
    default:
      return notFound(res, `no dashboard API ${url.pathname}`);
  }
}
