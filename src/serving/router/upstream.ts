/**
 * Connections to replicas: one undici `Pool` per replica endpoint, keep-alive, no pipelining (a replica
 * sees at most one request per connection at a time, so containerConcurrency maps to connections).
 *
 * undici rather than `node:http` with a keep-alive Agent, because it measured faster: with bench/router.ts
 * (64 connections, 2 vCPUs) the router carried 13.5–24.8k req/s at 37–69 µs of router CPU per request
 * with undici, against 11.7–14.8k req/s at 67–85 µs for a stripped-down node:http proxy (no limiter, no
 * timeouts) — node:http builds a ClientRequest and an IncomingMessage stream per request; undici's
 * handler callbacks hand over raw header buffers and body chunks. A bare ten-line undici proxy measured
 * the same as the full router, so the remaining cost is HTTP parsing and socket writes, not routing.
 *
 * A pool is closed when its replica has left rotation and its last request has finished.
 */
import { Pool } from 'undici';
import type { ReplicaEndpoint } from '../types.js';

/** Idle keep-alive connections live this long (undici also honours the replica's `Keep-Alive: timeout`). */
const KEEP_ALIVE_TIMEOUT_MS = 4_000;
const CONNECT_TIMEOUT_MS = 10_000;

export function createUpstream(endpoint: ReplicaEndpoint): Pool {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return new Pool(`http://${host}:${endpoint.port}`, {
    connections: null,
    pipelining: 1,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
}
