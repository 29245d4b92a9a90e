/**
 * Knative's DeliverySpec (eventing duck v1): how a Broker, Trigger, Channel, Subscription or source
 * retries a failed delivery and where it dead-letters. Validation follows DeliverySpec.Validate, with
 * errors relative to the delivery value (callers add `viaField('delivery')`).
 */
import { FieldError } from '../field-error.js';
import { defaultDestination, upgradeDestination, validateDestination } from './destination.js';
import { parseIsoDuration } from './duration.js';
import { isObj, isSet } from './util.js';

export type BackoffPolicy = 'linear' | 'exponential';

export interface DeliverySpec {
  deadLetterSink?: unknown;
  /** Retries after the first attempt; integer >= 0. */
  retry?: number;
  /** ISO-8601 duration per attempt. */
  timeout?: string;
  backoffPolicy?: BackoffPolicy;
  /** ISO-8601 base delay for the backoff. */
  backoffDelay?: string;
  /** ISO-8601 cap on a subscriber's Retry-After. */
  retryAfterMax?: string;
  /** Event format for delivery: `json` (structured) or `binary`. */
  format?: 'json' | 'binary';
}

export const BACKOFF_POLICIES: readonly BackoffPolicy[] = ['linear', 'exponential'];
export const DELIVERY_FORMATS = ['json', 'binary'] as const;
const DURATION_FIELDS = ['timeout', 'backoffDelay', 'retryAfterMax'] as const;

/** Validates a DeliverySpec; an absent one is valid. */
export function validateDelivery(delivery: unknown, parentNamespace?: string): FieldError {
  if (!isSet(delivery)) return FieldError.empty();
  if (!isObj(delivery)) return FieldError.invalidValue(delivery, '', 'expected an object');
  let errs = FieldError.empty();
  if (isSet(delivery.deadLetterSink)) {
    errs = errs.also(
      validateDestination(delivery.deadLetterSink, parentNamespace).viaField('deadLetterSink'),
    );
  }
  const { retry } = delivery;
  if (isSet(retry) && !(typeof retry === 'number' && Number.isInteger(retry) && retry >= 0)) {
    errs = errs.also(FieldError.invalidValue(retry, 'retry'));
  }
  for (const field of DURATION_FIELDS) {
    const value = delivery[field];
    if (!isSet(value)) continue;
    const ms = typeof value === 'string' ? parseIsoDuration(value) : undefined;
    if (ms === undefined || ms < 0) errs = errs.also(FieldError.invalidValue(value, field));
  }
  const { backoffPolicy, format } = delivery;
  if (isSet(backoffPolicy) && !BACKOFF_POLICIES.includes(backoffPolicy as BackoffPolicy)) {
    errs = errs.also(FieldError.invalidValue(backoffPolicy, 'backoffPolicy'));
  }
  if (isSet(format) && !(DELIVERY_FORMATS as readonly unknown[]).includes(format)) {
    errs = errs.also(FieldError.invalidValue(format, 'format'));
  }
  return errs;
}

/** DeliverySpec.SetDefaults: the dead-letter sink's ref namespace defaults to the parent's. In place. */
export function defaultDelivery(delivery: unknown, namespace: string | undefined): void {
  if (isObj(delivery)) defaultDestination(delivery.deadLetterSink, namespace);
}

/** Conversion: an older dead-letter sink (inline ref, old apiVersion) to the current shape. In place. */
export function upgradeDelivery(delivery: unknown): void {
  if (isObj(delivery) && isSet(delivery.deadLetterSink)) {
    delivery.deadLetterSink = upgradeDestination(delivery.deadLetterSink);
  }
}
