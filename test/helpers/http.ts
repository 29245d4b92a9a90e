/**
 * HTTP helpers for end-to-end tests: the API as JSON, the ingress with a Host header, and polling.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

export interface JsonResponse {
  status: number;
  body: any;
}

export async function apiCall(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<JsonResponse> {
  const res = await request(base + path, {
    method: method as 'GET',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
}

export interface IngressResponse {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A request to the ingress for `host`, e.g. `hello.default.localhost`. */
export async function ingressGet(
  ingressUrl: string,
  host: string,
  path = '/',
  headers: Record<string, string> = {},
): Promise<IngressResponse> {
  const res = await request(ingressUrl + path, { headers: { host, ...headers } });
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await sleep(100);
  }
}
