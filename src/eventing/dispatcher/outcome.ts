/**
 * What an HTTP response means for a delivery: the subscriber's 2xx yields its reply events; any other
 * status becomes a DeliveryError, retryable or not by Knative's rules (retry.ts), carrying the status, the
 * start of the body and the Retry-After the dead-letter extensions and the backoff need.
 */
import type { EventRecord } from '../types.js';
import { type DeliveryResponse, header } from './delivery.js';
import { statusError } from './errors.js';
import { readReply } from './reply.js';
import { isRetryableStatus, parseRetryAfter } from './retry.js';

/** Bytes of a failed response body kept for `knativeerrordata`. */
const ERROR_BODY_BYTES = 1024;

/** Throws the DeliveryError for a non-2xx response. */
export function expectAccepted(url: string, res: DeliveryResponse): void {
  if (res.status >= 200 && res.status < 300) return;
  const body = Buffer.from(res.body.subarray(0, ERROR_BODY_BYTES));
  throw statusError(
    url,
    res.status,
    body,
    isRetryableStatus(res.status),
    parseRetryAfter(header(res.headers, 'retry-after')),
  );
}

/** The subscriber's reply events (often none); throws the DeliveryError when the delivery failed. */
export function subscriberOutcome(url: string, res: DeliveryResponse): EventRecord[] {
  expectAccepted(url, res);
  return readReply(url, res);
}
