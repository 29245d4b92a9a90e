/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) as Ebb's data planes carry it: `traceparent`
 * parsed and validated by hand (one string of 55 characters; no SDK needed to propagate), fresh trace and
 * span ids from a pooled random buffer, and the CloudEvents distributed-tracing extension's names.
 */
import { randomFillSync } from 'node:crypto';

/** The HTTP header and the CloudEvents extension share these names. */
export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';

/** A propagated context: the `traceparent` and, when there is one, the `tracestate` that goes with it. */
export interface TraceParent {
  traceparent: string;
  tracestate?: string | undefined;
}

export interface ParsedTraceparent {
  traceId: string;
  spanId: string;
  /** The trace-flags byte (bit 0: sampled). */
  flags: number;
}

const VERSION_00_LENGTH = 55;

function isLowerHex(s: string, from: number, to: number): boolean {
  let nonZero = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) nonZero ||= c !== 48;
    else if (c >= 97 && c <= 102) nonZero = true;
    else return false;
  }
  return nonZero;
}

function isHexByte(s: string, at: number): boolean {
  for (let i = at; i < at + 2; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * Whether `value` is a `traceparent` a receiver must accept: version 00 exactly 55 characters; a later
 * version at least that long with `-` after the flags when longer (the spec's forward compatibility);
 * version ff, all-zero ids and upper-case hex refused.
 */
export function isValidTraceparent(value: string | undefined): value is string {
  if (value === undefined || value.length < VERSION_00_LENGTH) return false;
  if (value.charCodeAt(2) !== 45 || value.charCodeAt(35) !== 45 || value.charCodeAt(52) !== 45) return false;
  if (!isHexByte(value, 0) || value.startsWith('ff')) return false;
  if (value.startsWith('00')) {
    if (value.length !== VERSION_00_LENGTH) return false;
  } else if (value.length > VERSION_00_LENGTH && value.charCodeAt(VERSION_00_LENGTH) !== 45) return false;
  return isLowerHex(value, 3, 35) && isLowerHex(value, 36, 52) && isHexByte(value, 53);
}

export function parseTraceparent(value: string | undefined): ParsedTraceparent | undefined {
  if (!isValidTraceparent(value)) return undefined;
  return {
    traceId: value.slice(3, 35),
    spanId: value.slice(36, 52),
    flags: Number.parseInt(value.slice(53, 55), 16),
  };
}

export function formatTraceparent(traceId: string, spanId: string, flags: number): string {
  return `00-${traceId}-${spanId}-${(flags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The trace id of a valid `traceparent`, else undefined. */
export function traceIdOf(value: string | undefined): string | undefined {
  return isValidTraceparent(value) ? value.slice(3, 35) : undefined;
}

const POOL_BYTES = 4_096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

/** `bytes` random bytes as lower-case hex, never all zero. */
function randomHex(bytes: number): string {
  for (;;) {
    if (poolOffset + bytes > POOL_BYTES) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
    poolOffset += bytes;
    if (!/^0+$/.test(hex)) return hex;
  }
}

export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);

/** A new trace's root context, sampled or not. */
export function newTraceparent(sampled: boolean): string {
  return formatTraceparent(newTraceId(), newSpanId(), sampled ? 1 : 0);
}
