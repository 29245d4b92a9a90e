/**
 * Knative's broker-added extensions: `knativearrivaltime` (when the ingress accepted the event) and
 * `knativebrokerttl` (a hop budget that breaks reply loops: the ingress sets it, each reply spends one).
 */
import type { EventRecord } from '../types.js';
import { InvalidTtlError, TtlExhaustedError } from './errors.js';

export const ARRIVAL_TIME_EXTENSION = 'knativearrivaltime';
export const TTL_EXTENSION = 'knativebrokerttl';
/** Knative's default hop budget for an event entering a broker without one. */
export const DEFAULT_BROKER_TTL = 255;

const INTEGER = /^[+-]?\d+$/;

/** The event's TTL; undefined when absent. Throws InvalidTtlError when present but not an integer. */
export function readTtl(event: EventRecord): number | undefined {
  const raw = event.attributes[TTL_EXTENSION];
  if (raw === undefined) return undefined;
  if (!INTEGER.test(raw.trim())) throw new InvalidTtlError(raw);
  return Number.parseInt(raw, 10);
}

/**
 * Stamps an event entering a broker: arrival time (overwriting any sender's value) and a TTL of 255 when
 * absent. Throws when the TTL is not an integer or is exhausted (≤ 0).
 */
export function stampIngress(event: EventRecord, arrivalTime: string): void {
  const ttl = readTtl(event);
  if (ttl === undefined) event.attributes[TTL_EXTENSION] = String(DEFAULT_BROKER_TTL);
  else if (ttl <= 0) throw new TtlExhaustedError(ttl);
  else event.attributes[TTL_EXTENSION] = String(ttl);
  event.attributes[ARRIVAL_TIME_EXTENSION] = arrivalTime;
}

/**
 * The TTL a reply to `original` carries: one less than the original's (the default when it has none or an
 * unreadable one). Zero or less means the reply must be dropped.
 */
export function replyTtl(original: EventRecord): number {
  let ttl: number | undefined;
  try {
    ttl = readTtl(original);
  } catch {
    ttl = undefined;
  }
  return (ttl ?? DEFAULT_BROKER_TTL) - 1;
}
