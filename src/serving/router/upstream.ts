/**
 * Connections to replicas: one undici `Pool` per replica endpoint, keep-alive, no pipelining (a replica
 * sees at most one request per connection at a time, so containerConcurrency maps to connections).
 *
 * undici rather than `node:http` with a keep-alive Agent: measured with bench/router.ts on the same
 * machine, undici's client carried noticeably more requests per second through the router at lower
 * latency (its llhttp-in-wasm parser and handler callbacks skip the IncomingMessage/ClientRequest stream
 * objects node:http builds per request). The pool is closed when its replica leaves rotation and its
 * last request finishes.
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
