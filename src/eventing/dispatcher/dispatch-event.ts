/**
 * One event's path through a trigger, for one attempt to the subscriber:
 *
 *   subscriber ──2xx──► reply events? ──► broker (replyUri) ──► delivered
 *       │ failure                              │ failure
 *       ├─ retryable and retries left ──► "retry" (the dispatcher waits and calls again)
 *       └─ otherwise ──► dead-letter sink (with error extensions) ──► dead-lettered | dropped
 *
 * Only the subscriber's retries are the dispatcher's business (they are persisted and survive a restart);
 * the dead-letter and reply posts retry in memory under the same policy (sink.ts).
 *
 * Every post of an attempt carries the attempt's `traceparent`: its delivery span's when spans are recorded,
 * else the context stored with the event — so a reply's ingress hop continues the event's trace.
 */
import type { Dispatcher } from 'undici';
import type { Logger } from '../../log.js';
import { storedTraceparent, traceDelivery } from '../../observe/tracing/hops.js';
import type { EventRecord, TriggerSpecResolved } from '../types.js';
import { deadLetterEvent } from './dead-letter.js';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, postEvent } from './delivery.js';
import { DeliveryError, DispatcherStoppedError, UnrecoverableDeliveryError } from './errors.js';
import type { DispatcherHooks } from './options.js';
import { subscriberOutcome } from './outcome.js';
import { replyFor } from './reply.js';
import { postWithRetries, type TraceHeaders } from './sink.js';
import type { StopSignal } from './stop.js';

export type EventResult =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; error: DeliveryError }
  | { kind: 'dead-lettered'; error: DeliveryError }
  | { kind: 'dropped'; error: DeliveryError; reason: string };

export interface EventContext {
  http: Dispatcher;
  hooks: DispatcherHooks;
  logger: Logger | undefined;
  /** Set when the dispatcher stops; the path then rejects with DispatcherStoppedError. */
  stop: StopSignal;
}

const NO_TRACE: TraceHeaders = Object.freeze({});

/** What one attempt saw of the subscriber, for the `onAttempt` hook. */
interface Seen {
  status?: number;
  latencyMs: number;
  replies: EventRecord[];
}

/**
 * Makes attempt number `attempt` (1-based) to deliver `event` and carries it as far as it goes.
 * Rejects only with DispatcherStoppedError.
 */
export async function dispatchEvent(
  ctx: EventContext,
  spec: TriggerSpecResolved,
  offset: number,
  event: EventRecord,
  attempt: number,
): Promise<EventResult> {
  const startedAt = Date.now();
  const seen: Seen = { latencyMs: 0, replies: [] };
  const span = traceDelivery(spec.id, spec.stream, spec.subscriberUri, attempt, event);
  const stored = span ? undefined : storedTraceparent(event);
  const trace: TraceHeaders = span
    ? span.context
    : stored === undefined
      ? NO_TRACE
      : { traceparent: stored, tracestate: event.attributes.tracestate };
  let result: EventResult;
  try {
    result = await attemptOnce(ctx, spec, offset, event, attempt, seen, trace);
  } catch (err) {
    span?.end({ status: seen.status, error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  span?.end({
    status: seen.status,
    outcome: result.kind,
    error: result.kind === 'delivered' ? undefined : result.error.message,
  });
  ctx.hooks.onAttempt?.({
    trigger: spec.id,
    stream: spec.stream,
    offset,
    attributes: event.attributes,
    attempt,
    url: spec.subscriberUri,
    ...(seen.status === undefined ? {} : { status: seen.status }),
    latencyMs: seen.latencyMs,
    startedAt,
    outcome: result.kind,
    ...(result.kind === 'delivered' ? {} : { error: result.error.message }),
    replies: seen.replies.map((r) => r.attributes.id ?? ''),
  });
  return result;
}

async function attemptOnce(
  ctx: EventContext,
  spec: TriggerSpecResolved,
  offset: number,
  event: EventRecord,
  attempt: number,
  seen: Seen,
  trace: TraceHeaders,
): Promise<EventResult> {
  const url = spec.subscriberUri;
  let status: number;
  let replies: EventRecord[];
  const start = performance.now();
  try {
    const res = await postEvent(ctx.http, url, event, {
      timeoutMs: spec.delivery.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
      stop: ctx.stop,
      preferReply: true,
      traceparent: trace.traceparent,
      tracestate: trace.tracestate,
    });
    status = res.status;
    seen.status = status;
    seen.latencyMs = performance.now() - start;
    replies = subscriberOutcome(url, res);
    seen.replies = replies;
  } catch (err) {
    seen.latencyMs ||= performance.now() - start;
    if (seen.status === undefined && err instanceof DeliveryError && err.status !== undefined)
      seen.status = err.status;
    const error = asDeliveryError(err, url);
    const retryable = !(error instanceof UnrecoverableDeliveryError);
    if (retryable && attempt <= spec.delivery.retry) return { kind: 'retry', error };
    return deadLetter(ctx, spec, event, url, error, trace);
  }
  if (replies.length > 0) {
    try {
      await sendReplies(ctx, spec, offset, event, replies, trace);
    } catch (err) {
      const replyUrl = spec.replyUri ?? url;
      return deadLetter(ctx, spec, event, replyUrl, asDeliveryError(err, replyUrl), trace);
    }
  }
  return { kind: 'delivered', status };
}

async function sendReplies(
  ctx: EventContext,
  spec: TriggerSpecResolved,
  offset: number,
  original: EventRecord,
  replies: EventRecord[],
  trace: TraceHeaders,
): Promise<void> {
  for (const reply of replies) {
    const out = replyFor(reply, original);
    if (!out) {
      ctx.logger?.debug('reply dropped: knativebrokerttl exhausted', { trigger: spec.id, offset });
      ctx.hooks.onReply?.(spec.id, offset, 'ttl-exhausted');
    } else if (!spec.replyUri) {
      ctx.hooks.onReply?.(spec.id, offset, 'no-reply-uri');
    } else {
      await postWithRetries(ctx.http, spec.replyUri, out, spec.delivery, ctx.stop, trace);
      ctx.hooks.onReply?.(spec.id, offset, 'sent');
    }
  }
}

async function deadLetter(
  ctx: EventContext,
  spec: TriggerSpecResolved,
  event: EventRecord,
  failedUrl: string,
  error: DeliveryError,
  trace: TraceHeaders,
): Promise<EventResult> {
  const sink = spec.delivery.deadLetterUri;
  if (!sink) return { kind: 'dropped', error, reason: `no dead-letter sink; ${error.message}` };
  try {
    const letter = deadLetterEvent(event, failedUrl, error);
    await postWithRetries(ctx.http, sink, letter, spec.delivery, ctx.stop, trace);
    return { kind: 'dead-lettered', error };
  } catch (err) {
    const sinkError = asDeliveryError(err, sink);
    return { kind: 'dropped', error, reason: `dead-letter sink failed too: ${sinkError.message}` };
  }
}

/** Every failure as a DeliveryError; a stop passes through. Anything unexpected is not retried. */
function asDeliveryError(err: unknown, url: string): DeliveryError {
  if (err instanceof DispatcherStoppedError) throw err;
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new UnrecoverableDeliveryError(
    'EBB_DELIVERY_FAILED',
    `delivery to ${url} failed: ${message}`,
    {},
    {
      cause: err,
    },
  );
}
