/**
 * The router's failures. Each carries the HTTP status it is answered with and a plain-text message that
 * names the limit that was hit, so a user reading `curl` output knows which knob to turn.
 */
import type { ServerResponse } from 'node:http';
import { EbbError } from '../../errors.js';
import type { RevisionKey } from '../types.js';

export class RouterError extends EbbError {
  readonly status: number;
  constructor(code: string, status: number, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.status = status;
  }
}

/** 503: the revision's wait queue is at `maxQueuePerRevision`. */
export class QueueFullError extends RouterError {
  constructor(waiting: number, revision: RevisionKey, containerConcurrency: number) {
    super(
      'EBB_ROUTER_QUEUE_FULL',
      503,
      `queue full: ${waiting} requests already waiting for revision ${revision} (containerConcurrency ${containerConcurrency})`,
    );
  }
}

/** 503: the request waited `timeoutSeconds` and the revision never had a ready replica. */
export class NoReadyReplicaError extends RouterError {
  constructor(revision: RevisionKey, timeoutSeconds: number, reason: string | undefined) {
    super(
      'EBB_ROUTER_NO_READY_REPLICA',
      503,
      `no ready replica for revision ${revision} within ${timeoutSeconds}s${reason ? `: ${reason}` : ''}`,
    );
  }
}

/** 503: the request waited `timeoutSeconds` while every replica was at its containerConcurrency. */
export class NoFreeReplicaError extends RouterError {
  constructor(revision: RevisionKey, timeoutSeconds: number, replicas: number, containerConcurrency: number) {
    super(
      'EBB_ROUTER_NO_FREE_REPLICA',
      503,
      `no free replica for revision ${revision} within ${timeoutSeconds}s: all ${replicas} replicas busy (containerConcurrency ${containerConcurrency})`,
    );
  }
}

/** 503: the route has no target with a percent above 0. */
export class NoTrafficTargetError extends RouterError {
  constructor(routeId: string) {
    super('EBB_ROUTER_NO_TARGETS', 503, `route ${routeId} has no traffic target with a percent above 0`);
  }
}

/** 503: the revision was removed while the request waited for it. */
export class RevisionRemovedError extends RouterError {
  constructor(revision: RevisionKey) {
    super('EBB_ROUTER_REVISION_REMOVED', 503, `revision ${revision} was removed while the request waited`);
  }
}

/** 504: the whole request passed the revision's timeoutSeconds before the response started. */
export class RequestTimeoutError extends RouterError {
  constructor(revision: RevisionKey, timeoutSeconds: number) {
    super(
      'EBB_ROUTER_TIMEOUT',
      504,
      `request timed out after ${timeoutSeconds}s (revision ${revision} timeoutSeconds)`,
    );
  }
}

/** 504: the replica sent no response headers within responseStartTimeoutSeconds. */
export class ResponseStartTimeoutError extends RouterError {
  constructor(revision: RevisionKey, seconds: number) {
    super(
      'EBB_ROUTER_RESPONSE_START_TIMEOUT',
      504,
      `no response started after ${seconds}s (revision ${revision} responseStartTimeoutSeconds)`,
    );
  }
}

/** 504: the replica sent no bytes for idleTimeoutSeconds. */
export class IdleTimeoutError extends RouterError {
  constructor(revision: RevisionKey, seconds: number) {
    super(
      'EBB_ROUTER_IDLE_TIMEOUT',
      504,
      `no bytes from the replica for ${seconds}s (revision ${revision} idleTimeoutSeconds)`,
    );
  }
}

/** 502: the connection to the replica failed before a response arrived. */
export class UpstreamError extends RouterError {
  constructor(replicaId: string, cause: unknown) {
    super('EBB_ROUTER_UPSTREAM', 502, `replica ${replicaId} failed: ${errorCode(cause)}`, { cause });
  }
}

/** 400: a request target the router cannot forward (not origin-form or absolute-form). */
export class BadRequestTargetError extends RouterError {
  constructor(target: string) {
    super('EBB_ROUTER_BAD_TARGET', 400, `cannot forward request target ${JSON.stringify(target)}`);
  }
}

/** `ECONNREFUSED`, `UND_ERR_SOCKET`, ... or the message when the error has no code. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const message = (err as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(err);
}

/** Answers with the error's status and message; a response already under way is cut instead. */
export function writeRouterError(res: ServerResponse, err: RouterError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writePlain(res, err.status, `${err.message}\n`, err.code);
}

/**
 * The 404 for a host nobody serves: says which hosts exist, so a typo in the Host header is obvious.
 * Callers use it after every handler (router, broker ingress) declined the request.
 */
export function writeUnknownHost(
  res: ServerResponse,
  host: string | undefined,
  hosts: readonly string[],
): void {
  const served = hosts.length > 0 ? hosts.join(', ') : '(none yet: apply a Knative Service)';
  writePlain(
    res,
    404,
    `no Knative Service at host "${host ?? ''}"; hosts served here: ${served}\n`,
    'EBB_ROUTER_UNKNOWN_HOST',
  );
}

function writePlain(res: ServerResponse, status: number, body: string, code: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-ebb-error': code,
  });
  res.end(body);
}
