/**
 * The page's static files: the HTML shell, its script and style (page/), and ECharts' minified build
 * served from the installed package (node_modules, found with require.resolve) so the page needs no CDN and
 * works offline. Each is gzipped once on first use and served with an ETag; ECharts also with a long
 * max-age, the page's own files revalidated on each load.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { PAGE_CSS } from './page/css.js';
import { PAGE_HTML } from './page/html.js';
import { PAGE_SCRIPT } from './page/script.js';

/** The ECharts build the page loads (it has the line and graph charts). */
export const ECHARTS_DIST = 'echarts/dist/echarts.min.js';
const ECHARTS_MAX_AGE_S = 7 * 24 * 3600;

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  cacheControl: string;
}

const cache = new Map<string, Asset>();

function asset(name: string, type: string, cacheControl: string, load: () => Buffer): Asset {
  let a = cache.get(name);
  if (!a) {
    const body = load();
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
    a = { type, body, gzip: gzipSync(body), etag, cacheControl };
    cache.set(name, a);
  }
  return a;
}

const ASSETS: Record<string, () => Asset> = {
  '': () => asset('html', 'text/html; charset=utf-8', 'no-cache', () => Buffer.from(PAGE_HTML)),
  'app.js': () => asset('js', 'text/javascript; charset=utf-8', 'no-cache', () => Buffer.from(PAGE_SCRIPT)),
  'app.css': () => asset('css', 'text/css; charset=utf-8', 'no-cache', () => Buffer.from(PAGE_CSS)),
  'echarts.min.js': () =>
    asset('echarts', 'text/javascript; charset=utf-8', `public, max-age=${ECHARTS_MAX_AGE_S}`, () =>
      readFileSync(createRequire(import.meta.url).resolve(ECHARTS_DIST)),
    ),
};

/** Serves `name` (a path under /dashboard/) if it is one of the page's files; false otherwise. */
export function serveAsset(name: string, req: IncomingMessage, res: ServerResponse): boolean {
  const load = ASSETS[name];
  if (!load) return false;
  const a = load();
  const headers: Record<string, string> = {
    'content-type': a.type,
    'cache-control': a.cacheControl,
    etag: a.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === a.etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? a.gzip : a.body;
  res.writeHead(200, {
    ...headers,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    'content-length': String(body.length),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/** Sizes of the page's files in bytes, raw and gzipped (for the docs and the page's footer). */
export function assetSizes(): Record<string, { raw: number; gzip: number }> {
  const out: Record<string, { raw: number; gzip: number }> = {};
  for (const [name, load] of Object.entries(ASSETS)) {
    const a = load();
    out[name || 'index.html'] = { raw: a.body.length, gzip: a.gzip.length };
  }
  return out;
}
