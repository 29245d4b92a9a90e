/**
 * Helpers for channel and flow tests: post CloudEvents to an address served by the ingress (a channel's
 * `*-kn-channel.*.svc.cluster.local` URL, a Sequence's or Parallel's), and read an object's address.
 */
import { request } from 'undici';
import { runCli } from './ebb.js';

export interface PostedEvent {
  id: string;
  type?: string;
  source?: string;
  data?: unknown;
  extensions?: Record<string, string>;
}

/** POSTs a binary-mode CloudEvent to `address` through the ingress at `ingressUrl`; returns the status. */
export async function postToAddress(
  ingressUrl: string,
  address: string,
  event: PostedEvent,
): Promise<number> {
  const url = new URL(address);
  const headers: Record<string, string> = {
    host: url.host,
    'ce-specversion': '1.0',
    'ce-id': event.id,
    'ce-type': event.type ?? 'e2e.order',
    'ce-source': event.source ?? '/e2e',
    'content-type': 'application/json',
  };
  for (const [k, v] of Object.entries(event.extensions ?? {})) headers[`ce-${k}`] = v;
  const res = await request(`${ingressUrl}${url.pathname}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(event.data ?? {}),
  });
  await res.body.dump();
  return res.statusCode;
}

/** `status.address.url` of `kind/name`, via `ebb get -o json`; undefined until it has one. */
export async function addressOf(apiUrl: string, kind: string, name: string): Promise<string | undefined> {
  const got = await runCli(['get', kind, name, '-o', 'json'], { server: apiUrl });
  if (got.code !== 0) return undefined;
  return JSON.parse(got.stdout)?.status?.address?.url;
}
