/**
 * Sending one event the way Knative's source adapters do (pkg/adapter/v2 over the CloudEvents Go SDK):
 * binary mode, and `cloudevents.ContextWithRetriesExponentialBackoff(ctx, 50ms, 5)` — up to 5 retries
 * after the first attempt, waiting 50 ms × 2^n before retry n (100, 200, 400, 800, 1600 ms), on a network
 * error, a timeout, or one of the SDK's retriable statuses (404, 413, 425, 429, 502, 503, 504). Any other
 * answer ends the send at once: a 2xx is accepted, the rest (400, 500, ...) refused. The client also sets
 * the source's `ceOverrides.extensions` on every event — extensions only: the SDK refuses to overwrite a
 * CloudEvents attribute (`type`, `source`, `id`, ...) through one. The PingSource and ApiServerSource
 * adapters both send through this.
 */
import type { Dispatcher } from 'undici';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, postEvent, type StopSignal } from '../../eventing/dispatcher/index.js';
import type { EventRecord } from '../../eventing/types.js';

/** The Go SDK's `defaultRetriableErrors`. */
export const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([404, 413, 425, 429, 502, 503, 504]);
/** Retries after the first attempt (Knative's adapters: 5). */
export const SEND_RETRIES = 5;
/** The backoff period: the wait before retry n is period × 2^n. */
export const SEND_BACKOFF_PERIOD_MS = 50;

export interface SendOptions {
  stop: StopSignal;
  /** @defaultValue DEFAULT_ATTEMPT_TIMEOUT_MS (60 s; Knative's adapters have no timeout unless K_SINK_TIMEOUT) */
  timeoutMs?: number;
  /** @defaultValue SEND_RETRIES */
  retries?: number;
  /** @defaultValue SEND_BACKOFF_PERIOD_MS */
  backoffPeriodMs?: number;
}

export type SendOutcome =
  | { ok: true; status: number; attempts: number }
  | {
      ok: false;
      /** The last failure may pass on a later try (network, timeout, a retriable status). */
      retriable: boolean;
      /** The last HTTP status, when there was an answer. */
      status?: number;
      attempts: number;
      /** What the last attempt ended with. */
      error: string;
      /** The adapter is stopping: the event was not settled. */
      stopped?: boolean;
    };

const SPEC_ATTRIBUTES = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'datacontenttype',
  'dataschema',
  'subject',
  'time',
]);

/** `attributes` with the `ceOverrides` extensions set, in place; CloudEvents attributes stay as they are. */
export function applyOverrides(
  attributes: Record<string, string>,
  extensions: Record<string, string> | undefined,
): Record<string, string> {
  for (const [key, value] of Object.entries(extensions ?? {})) {
    if (!SPEC_ATTRIBUTES.has(key)) attributes[key] = value;
  }
  return attributes;
}

export function isRetriableStatus(status: number): boolean {
  return RETRIABLE_STATUSES.has(status);
}

/** Sends `event` to `url` with Knative's adapter retries; never rejects. */
export async function sendEvent(
  http: Dispatcher,
  url: string,
  event: EventRecord,
  opts: SendOptions,
): Promise<SendOutcome> {
  const retries = opts.retries ?? SEND_RETRIES;
  const period = opts.backoffPeriodMs ?? SEND_BACKOFF_PERIOD_MS;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    let failure: Extract<SendOutcome, { ok: false }>;
    try {
      const res = await postEvent(http, url, event, { timeoutMs, stop: opts.stop });
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, attempts: attempt };
      const retriable = isRetriableStatus(res.status);
      failure = {
        ok: false,
        retriable,
        status: res.status,
        attempts: attempt,
        error: `answered ${res.status}`,
      };
      if (!retriable) return failure;
    } catch (err) {
      failure = { ok: false, retriable: true, attempts: attempt, error: (err as Error).message };
    }
    if (opts.stop.stopped) return { ...failure, stopped: true };
    if (attempt > retries) return failure;
    try {
      await opts.stop.sleep(period * 2 ** attempt);
    } catch {
      return { ...failure, stopped: true };
    }
  }
}
