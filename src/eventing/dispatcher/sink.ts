/**
 * Posting to a destination other than the subscriber — the dead-letter sink, or the broker a reply goes
 * back to — under the trigger's own retry policy. These retries wait in memory (a restart redelivers the
 * original event instead), and any 2xx counts as accepted; the answer's body is not read as a reply.
 * They carry the `traceparent` of the delivery they belong to.
 */
import type { Dispatcher } from 'undici';
import type { DeliveryPolicy, EventRecord } from '../types.js';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, postEvent } from './delivery.js';
import { DeliveryError, UnrecoverableDeliveryError } from './errors.js';
import { expectAccepted } from './outcome.js';
import { retryDelayMs } from './retry.js';
import type { StopSignal } from './stop.js';

/** The trace context a post carries: the delivery hop it continues (so a reply's ingress is its child). */
export interface TraceHeaders {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

/** Resolves once `url` accepted the event; rejects with the last DeliveryError when retries ran out. */
export async function postWithRetries(
  http: Dispatcher,
  url: string,
  event: EventRecord,
  policy: DeliveryPolicy,
  stop: StopSignal,
  trace?: TraceHeaders,
): Promise<void> {
  const timeoutMs = policy.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const traceparent = trace?.traceparent;
  const tracestate = trace?.tracestate;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await postEvent(http, url, event, { timeoutMs, stop, traceparent, tracestate });
      expectAccepted(url, res);
      return;
    } catch (err) {
      const retryable = err instanceof DeliveryError && !(err instanceof UnrecoverableDeliveryError);
      if (!retryable || attempt > policy.retry) throw err;
      await stop.sleep(retryDelayMs(policy, attempt, err.status, err.retryAfterMs));
    }
  }
}
