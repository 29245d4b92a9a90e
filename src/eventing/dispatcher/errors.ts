/**
 * Why a delivery attempt failed. The type steers what happens next: a DeliveryError is retried under the
 * trigger's policy; an UnrecoverableDeliveryError (a 4xx Knative does not retry, a reply that is not a
 * CloudEvent) skips the remaining retries and goes to the dead-letter sink at once.
 */
import { EbbError } from '../../errors.js';

export interface DeliveryErrorDetails {
  /** The destination's HTTP status; undefined for network errors and timeouts. */
  status?: number;
  /** The start of the destination's response body (for `knativeerrordata`). */
  body?: Buffer;
  /** The destination's Retry-After, ms from when the response arrived. */
  retryAfterMs?: number;
}

export class DeliveryError extends EbbError {
  readonly status: number | undefined;
  readonly body: Buffer | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(code: string, message: string, details: DeliveryErrorDetails = {}, options?: ErrorOptions) {
    super(code, message, options);
    this.status = details.status;
    this.body = details.body;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Not retried: goes straight to the dead-letter sink. */
export class UnrecoverableDeliveryError extends DeliveryError {}

/** The destination answered with a status that is not 2xx. */
export function statusError(
  url: string,
  status: number,
  body: Buffer,
  retryable: boolean,
  retryAfterMs?: number,
): DeliveryError {
  const Type = retryable ? DeliveryError : UnrecoverableDeliveryError;
  return new Type('EBB_DELIVERY_STATUS', `${url} answered ${status}`, { status, body, retryAfterMs });
}

/** The attempt passed its timeout before the response was complete. */
export class DeliveryTimeoutError extends DeliveryError {
  constructor(url: string, timeoutMs: number) {
    super('EBB_DELIVERY_TIMEOUT', `${url} did not answer within ${timeoutMs} ms`);
  }
}

/** Connection refused, reset, DNS failure...: no HTTP response at all. */
export class DeliveryNetworkError extends DeliveryError {
  constructor(url: string, cause: unknown) {
    super('EBB_DELIVERY_NETWORK', `${url} failed: ${describe(cause)}`, {}, { cause });
  }
}

/** A 2xx whose body is not a CloudEvent (Knative: the response MUST be either empty or a valid CloudEvent). */
export class InvalidReplyError extends UnrecoverableDeliveryError {
  constructor(url: string, status: number, body: Buffer, reason: string) {
    super('EBB_DELIVERY_INVALID_REPLY', `${url} answered ${status} with ${reason}`, { status, body });
  }
}

/** The dispatcher is stopping; the event stays unfinished and is delivered again after a restart. */
export class DispatcherStoppedError extends EbbError {
  constructor() {
    super('EBB_DISPATCHER_STOPPED', 'dispatcher stopped');
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return `${code}: ${message}`;
    if (typeof message === 'string') return message;
  }
  return String(err);
}
