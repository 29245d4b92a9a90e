import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryPolicy } from '../types.js';
import { BACKOFFS, isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry.js';

const policy = (over: Partial<DeliveryPolicy> = {}): DeliveryPolicy => ({
  retry: 3,
  backoffPolicy: 'exponential',
  backoffDelayMs: 200,
  ...over,
});

describe('retry policy', () => {
  it('retry - backoff table: exponential doubles from the delay, linear adds it', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => BACKOFFS.exponential(n, 200)),
      [200, 400, 800, 1600],
    );
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => BACKOFFS.linear(n, 200)),
      [200, 400, 600, 800],
    );
  });

  it('retry - retries 5xx, 404, 408, 409, 429 and nothing else', () => {
    for (const s of [500, 502, 503, 504, 404, 408, 409, 429])
      assert.equal(isRetryableStatus(s), true, `${s}`);
    for (const s of [400, 401, 403, 405, 410, 413, 415, 422, 301, 302])
      assert.equal(isRetryableStatus(s), false, `${s}`);
  });

  it('retry - Retry-After as seconds or HTTP date', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:00:10 GMT', now), 10_000);
    assert.equal(parseRetryAfter('Sun, 31 Dec 2023 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('retry - Retry-After is ignored unless retryAfterMax is set, then capped and never below the backoff', () => {
    assert.equal(retryDelayMs(policy(), 1, 429, 5_000), 200);
    assert.equal(retryDelayMs(policy({ retryAfterMaxMs: 2_000 }), 1, 429, 5_000), 2_000);
    assert.equal(retryDelayMs(policy({ retryAfterMaxMs: 2_000 }), 1, 503, 1_000), 1_000);
    assert.equal(retryDelayMs(policy({ retryAfterMaxMs: 2_000 }), 1, 500, 1_000), 200, 'only 429 and 503');
    assert.equal(retryDelayMs(policy({ retryAfterMaxMs: 2_000 }), 3, 429, 100), 800, 'backoff is larger');
    assert.equal(retryDelayMs(policy({ retryAfterMaxMs: 0 }), 1, 429, 5_000), 200, 'max 0 = ignore');
  });
});
