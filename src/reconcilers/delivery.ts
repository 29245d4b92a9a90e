/**
 * Turns a Knative DeliverySpec into the dispatcher's DeliveryPolicy: ISO-8601 durations in milliseconds,
 * the dead-letter sink resolved to a URL. The trigger's delivery, when it has one, replaces the broker's.
 */
import type { ConditionManager } from '../api/conditions.js';
import { parseIsoDuration } from '../api/eventing/index.js';
import type { Status } from '../api/object.js';
import type { DeliveryPolicy } from '../eventing/types.js';
import type { ResourceStore } from '../store/types.js';
import { type Resolved, resolveDestination } from './destination.js';

export function deliveryPolicy(
  store: ResourceStore,
  delivery: any,
  namespace: string,
): { policy: DeliveryPolicy; deadLetter?: Resolved } {
  const d = delivery ?? {};
  const policy: DeliveryPolicy = {
    retry: Number.isInteger(d.retry) ? d.retry : 0,
    backoffPolicy: d.backoffPolicy === 'linear' ? 'linear' : 'exponential',
    backoffDelayMs: (d.backoffDelay && parseIsoDuration(d.backoffDelay)) ?? 200,
  };
  const timeout = d.timeout ? parseIsoDuration(d.timeout) : undefined;
  if (timeout !== undefined) policy.timeoutMs = timeout;
  const retryAfterMax = d.retryAfterMax ? parseIsoDuration(d.retryAfterMax) : undefined;
  if (retryAfterMax !== undefined) policy.retryAfterMaxMs = retryAfterMax;
  if (!d.deadLetterSink) return { policy };
  const deadLetter = resolveDestination(store, d.deadLetterSink, namespace);
  if (deadLetter.ok) policy.deadLetterUri = deadLetter.uri;
  return { policy, deadLetter };
}

/**
 * Records the dead-letter sink in `status.deadLetterSinkUri` and the DeadLetterSinkResolved condition, in
 * Knative's words. Returns false when a configured sink could not be resolved.
 */
export function markDeadLetterSink(
  cm: ConditionManager,
  status: Status,
  deadLetter: Resolved | undefined,
): boolean {
  if (!deadLetter) {
    delete status.deadLetterSinkUri;
    cm.markTrue(
      'DeadLetterSinkResolved',
      'DeadLetterSinkNotConfigured',
      'No dead letter sink is configured.',
    );
    return true;
  }
  if (deadLetter.ok) {
    status.deadLetterSinkUri = deadLetter.uri;
    cm.markTrue('DeadLetterSinkResolved');
    return true;
  }
  cm.markFalse('DeadLetterSinkResolved', "Unable to get the dead letter sink's URI", deadLetter.message);
  return false;
}
