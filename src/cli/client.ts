/**
 * The HTTP client every command uses to talk to the Ebb API. Non-2xx answers become `ApiStatusError`
 * (from the Kubernetes `Status` body when there is one); a refused connection becomes `UnreachableError`.
 */
import { request } from 'undici';
import type { KObject } from '../api/object.js';
import { ApiStatusError, type StatusCause, UnreachableError } from './errors.js';

export const DEFAULT_SERVER = 'http://127.0.0.1:7070';

/** `--server`, else `$EBB_SERVER`, else the default; no trailing slash. */
export function resolveServer(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const server = flag || env.EBB_SERVER || DEFAULT_SERVER;
  return server.replace(/\/+$/, '');
}

export interface ObjectList {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string };
  items: KObject[];
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ERROR' | 'BOOKMARK';
  object: KObject;
}

export type Query = Record<string, string | undefined>;

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export class ApiClient {
  constructor(readonly server: string) {}

  get<T = KObject>(path: string, query?: Query): Promise<T> {
    return this.call<T>('GET', path, query);
  }

  list(path: string, query?: Query): Promise<ObjectList> {
    return this.call<ObjectList>('GET', path, query);
  }

  create(path: string, body: unknown): Promise<KObject> {
    return this.call<KObject>('POST', path, undefined, body);
  }

  replace(path: string, body: unknown): Promise<KObject> {
    return this.call<KObject>('PUT', path, undefined, body);
  }

  patch(path: string, body: unknown): Promise<KObject> {
    return this.call<KObject>('PATCH', path, undefined, body, 'application/merge-patch+json');
  }

  delete(path: string): Promise<unknown> {
    return this.call<unknown>('DELETE', path);
  }

  /** Streams watch events until the server ends the stream or `signal` aborts. */
  async *watch(path: string, query: Query, signal?: AbortSignal): AsyncGenerator<WatchEvent> {
    const res = await this.send('GET', path, { ...query, watch: 'true' }, undefined, undefined, signal, 0);
    if (res.statusCode >= 300) throw statusError(res.statusCode, await res.body.text());
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += chunk.toString('utf8');
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) yield JSON.parse(line) as WatchEvent;
          nl = buffer.indexOf('\n');
        }
      }
    } catch (err) {
      if (signal?.aborted) return;
      throw err;
    }
  }

  /** Streams a text response (logs) chunk by chunk until it ends or `signal` aborts. */
  async *text(path: string, query: Query, signal?: AbortSignal): AsyncGenerator<string> {
    const res = await this.send('GET', path, query, undefined, undefined, signal, 0);
    if (res.statusCode >= 300) throw statusError(res.statusCode, await res.body.text());
    try {
      for await (const chunk of res.body) yield chunk.toString('utf8');
    } catch (err) {
      if (signal?.aborted) return;
      throw err;
    }
  }

  private async call<T>(
    method: string,
    path: string,
    query?: Query,
    body?: unknown,
    contentType?: string,
  ): Promise<T> {
    const res = await this.send(method, path, query, body, contentType);
    const text = await res.body.text();
    if (res.statusCode >= 300) throw statusError(res.statusCode, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(
    method: string,
    path: string,
    query: Query | undefined,
    body: unknown,
    contentType = 'application/json',
    signal?: AbortSignal,
    bodyTimeout?: number,
  ) {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    try {
      return await request(url, {
        method: method as 'GET',
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': contentType } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
        ...(bodyTimeout !== undefined ? { bodyTimeout } : {}),
      });
    } catch (err) {
      if (isUnreachable(err)) throw new UnreachableError(this.server, { cause: err });
      throw err;
    }
  }
}

function isUnreachable(err: unknown): boolean {
  for (let e: any = err; e; e = e.cause) {
    if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
    if (Array.isArray(e.errors) && e.errors.some(isUnreachable)) return true;
  }
  return false;
}

/** Builds the error for a failed response, from its `Status` body when it has one. */
export function statusError(code: number, text: string): ApiStatusError {
  let status: any;
  try {
    status = JSON.parse(text);
  } catch {
    status = undefined;
  }
  if (status && typeof status === 'object' && typeof status.message === 'string') {
    const causes: StatusCause[] = Array.isArray(status.details?.causes) ? status.details.causes : [];
    return new ApiStatusError(status.code ?? code, status.reason || reasonFor(code), status.message, causes);
  }
  const message = text.trim() || `the server answered HTTP ${code}`;
  return new ApiStatusError(code, reasonFor(code), message);
}

function reasonFor(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Gone',
    413: 'RequestEntityTooLarge',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    503: 'ServiceUnavailable',
  };
  return reasons[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}
