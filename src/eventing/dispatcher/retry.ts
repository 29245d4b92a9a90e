/**
 * Knative's retry policy (`delivery.retry`, `backoffPolicy`, `backoffDelay`, `retryAfterMax`):
 *
 * - What retries: network errors and timeouts, 5xx, 404, 408, 409 and 429 (Knative's `SelectiveRetry`).
 *   Any other status goes to the dead-letter sink at once.
 * - How long to wait before retry n (n = 1 for the first retry), the table below:
 *   exponential = delay × 2^(n−1) (delay, 2·delay, 4·delay...), the waits Knative produces (its
 *   `delay × 2^attemptNum` is called with go-retryablehttp's 0-based attempt number); linear = delay × n
 *   (delay, 2·delay, 3·delay...) — Knative's `delay × attemptNum` makes the first linear retry immediate,
 *   which Ebb does not copy.
 * - `Retry-After` (delta-seconds or an HTTP date) on 429 and 503 counts only when `retryAfterMaxMs` is set,
 *   capped by it; the wait is then the larger of it and the backoff, as in Knative.
 */
import type { DeliveryPolicy } from '../types.js';

export type BackoffPolicy = DeliveryPolicy['backoffPolicy'];

/** Wait before retry number `retry` (1-based), given the policy's base delay. */
export const BACKOFFS: Record<BackoffPolicy, (retry: number, delayMs: number) => number> = {
  exponential: (retry, delayMs) => delayMs * 2 ** (retry - 1),
  linear: (retry, delayMs) => delayMs * retry,
};

const RETRYABLE_4XX = new Set([404, 408, 409, 429]);

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || RETRYABLE_4XX.has(status);
}

/** Longest wait honoured for a single retry (about 24 days: setTimeout's limit). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The wait before retry number `retry`. `retryAfterMs` is the subscriber's Retry-After, already parsed;
 * it is ignored unless the status was 429 or 503 and the policy sets `retryAfterMaxMs`.
 */
export function retryDelayMs(
  policy: DeliveryPolicy,
  retry: number,
  status?: number,
  retryAfterMs?: number,
): number {
  const backoff = (BACKOFFS[policy.backoffPolicy] ?? BACKOFFS.exponential)(retry, policy.backoffDelayMs);
  let wait = backoff;
  if (
    policy.retryAfterMaxMs !== undefined &&
    retryAfterMs !== undefined &&
    (status === 429 || status === 503)
  ) {
    wait = Math.max(backoff, Math.min(retryAfterMs, policy.retryAfterMaxMs));
  }
  return Math.min(Math.max(0, Math.round(wait)), MAX_DELAY_MS);
}

/** `Retry-After` as ms from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
