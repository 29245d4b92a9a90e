/**
 * Header rewriting for the proxy, in one pass over Node's raw header list (the parsed `req.headers`
 * object is never built). Hop-by-hop headers (RFC 9110 §7.6.1: Connection and the names it lists,
 * Keep-Alive, Transfer-Encoding, Upgrade, TE, Trailer, Proxy-*) are dropped both ways; `Expect` is
 * dropped because Node's server already answered `100 Continue`. Towards the replica the original `Host`
 * is kept and the client is recorded in `X-Forwarded-For` (appended), `Forwarded` (RFC 7239, appended),
 * `X-Forwarded-Proto: http` and `X-Forwarded-Host` (both kept when a proxy in front already set them).
 * Everything else, `traceparent`/`tracestate` included, passes untouched.
 */
import type { IncomingMessage } from 'node:http';

const PASS = 0;
const DROP = 1;
const HOST = 2;
const CONNECTION = 3;
const XFF = 4;
const FORWARDED = 5;
const XFP = 6;
const XFH = 7;
const CONTENT_LENGTH = 8;
const TRANSFER_ENCODING = 9;

/** Case-insensitive equality against a lower-case constant, without allocating in the common case. */
function is(name: string, lower: string): boolean {
  return name === lower || name.toLowerCase() === lower;
}

function isProxyHeader(name: string): boolean {
  return name.length > 6 && (name.charCodeAt(0) | 0x20) === 0x70 /* p */ && is(name.slice(0, 6), 'proxy-');
}

function kindOf(name: string, request: boolean): number {
  switch (name.length) {
    case 2:
      return is(name, 'te') ? DROP : PASS;
    case 4:
      return request && is(name, 'host') ? HOST : PASS;
    case 6:
      return request && is(name, 'expect') ? DROP : PASS;
    case 7:
      return is(name, 'upgrade') || is(name, 'trailer') ? DROP : PASS;
    case 9:
      return request && is(name, 'forwarded') ? FORWARDED : PASS;
    case 10:
      if (is(name, 'connection')) return CONNECTION;
      return is(name, 'keep-alive') ? DROP : PASS;
    case 14:
      return request && is(name, 'content-length') ? CONTENT_LENGTH : PASS;
    case 15:
      return request && is(name, 'x-forwarded-for') ? XFF : PASS;
    case 16:
      if (request && is(name, 'x-forwarded-host')) return XFH;
      return isProxyHeader(name) ? DROP : PASS;
    case 17:
      if (is(name, 'transfer-encoding')) return request ? TRANSFER_ENCODING : DROP;
      return request && is(name, 'x-forwarded-proto') ? XFP : PASS;
    default:
      return isProxyHeader(name) ? DROP : PASS;
  }
}

/** The `Host` header of a request (first one), straight from the raw list. */
export function hostHeader(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && is(name, 'host')) return raw[i + 1];
  }
  return undefined;
}

/**
 * Fills `out` with the headers to send to the replica, as a flat `[name, value, ...]` list, and returns
 * whether the request has a body (a non-zero Content-Length, or a Transfer-Encoding).
 */
export function upstreamRequestHeaders(req: IncomingMessage, out: string[]): boolean {
  const raw = req.rawHeaders;
  let hasBody = false;
  let host: string | undefined;
  let connection: string | undefined;
  let xff: string | undefined;
  let forwarded: string | undefined;
  let xfp: string | undefined;
  let xfh: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    switch (kindOf(name, true)) {
      case PASS:
        out.push(name, value);
        break;
      case CONTENT_LENGTH:
        out.push(name, value);
        if (value !== '0') hasBody = true;
        break;
      case TRANSFER_ENCODING:
        hasBody = true;
        break;
      case HOST:
        host ??= value;
        break;
      case CONNECTION:
        connection = connection === undefined ? value : `${connection}, ${value}`;
        break;
      case XFF:
        xff = xff === undefined ? value : `${xff}, ${value}`;
        break;
      case FORWARDED:
        forwarded = forwarded === undefined ? value : `${forwarded}, ${value}`;
        break;
      case XFP:
        xfp ??= value;
        break;
      case XFH:
        xfh ??= value;
        break;
    }
  }
  if (connection !== undefined) dropConnectionTokens(out, connection);
  const client = req.socket.remoteAddress ?? 'unknown';
  const forwardedFor = `for=${forwardedNode(client)}${host ? `;host=${forwardedValue(host)}` : ''};proto=http`;
  out.push(
    'x-forwarded-for',
    xff === undefined ? client : `${xff}, ${client}`,
    'forwarded',
    forwarded === undefined ? forwardedFor : `${forwarded}, ${forwardedFor}`,
    'x-forwarded-proto',
    xfp ?? 'http',
  );
  if (host !== undefined) out.push('host', host, 'x-forwarded-host', xfh ?? host);
  return hasBody;
}

/**
 * The replica's response headers for `res.writeHead`, as a flat list of strings. Latin-1 decoding keeps
 * every byte as it came (Node writes header strings back as Latin-1).
 */
export function downstreamResponseHeaders(raw: readonly Buffer[]): string[] {
  const out: string[] = [];
  let connection: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1');
    switch (kindOf(name, false)) {
      case PASS:
        out.push(name, raw[i + 1]!.toString('latin1'));
        break;
      case CONNECTION: {
        const value = raw[i + 1]!.toString('latin1');
        connection = connection === undefined ? value : `${connection}, ${value}`;
        break;
      }
    }
  }
  if (connection !== undefined) dropConnectionTokens(out, connection);
  return out;
}

/** Drops, in place, the headers a `Connection` header names (other than the usual keep-alive/close). */
function dropConnectionTokens(headers: string[], connection: string): void {
  if (connection.length <= 10 && /^(keep-alive|close)$/i.test(connection)) return;
  const named = new Set<string>();
  for (const token of connection.split(',')) {
    const t = token.trim().toLowerCase();
    if (t && t !== 'keep-alive' && t !== 'close') named.add(t);
  }
  if (named.size === 0) return;
  let kept = 0;
  for (let i = 0; i < headers.length; i += 2) {
    if (named.has(headers[i]!.toLowerCase())) continue;
    headers[kept++] = headers[i]!;
    headers[kept++] = headers[i + 1]!;
  }
  headers.length = kept;
}

/** RFC 7239 node: IPv6 addresses are bracketed and quoted. */
function forwardedNode(address: string): string {
  return address.includes(':') ? `"[${address}]"` : address;
}

/** RFC 7239 value: a token as is, anything else (a port's `:`) quoted. */
function forwardedValue(value: string): string {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}
