/**
 * CESQL values, the evaluation context and the type casts of CESQL v1 §3.7. A value is a boolean, a
 * 32-bit integer (a JS number) or a string.
 */
import { CesqlError, type CesqlErrorKind } from './errors.js';

export type Value = boolean | number | string;
export type CesqlType = 'boolean' | 'integer' | 'string';

/** Attributes as the engine reads them: strings (EventRecord) or, for typed extensions, numbers and booleans. */
export type Attributes = Readonly<Record<string, string | number | boolean>>;

/**
 * Mutable per-evaluation state, reused so that an evaluation allocates nothing unless it fails. With
 * `collect` off (filter mode) errors are only counted; with it on they are built and listed. Operators
 * compare `errorCount` around an operand's evaluation to tell whether it failed.
 */
export interface EvalContext {
  attrs: Attributes;
  errorCount: number;
  collect: boolean;
  errors: CesqlError[];
}

export type Eval = (ctx: EvalContext) => Value;

export function fail(ctx: EvalContext, kind: CesqlErrorKind, message: string): void {
  ctx.errorCount++;
  if (ctx.collect) ctx.errors.push(new CesqlError(kind, message));
}

export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;

export const ZERO: Record<CesqlType, Value> = { boolean: false, integer: 0, string: '' };

export const typeOf = (v: Value): CesqlType =>
  typeof v === 'string' ? 'string' : typeof v === 'number' ? 'integer' : 'boolean';

const INTEGER_TEXT = /^[+-]?[0-9]+$/;

export function toInteger(ctx: EvalContext, v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (INTEGER_TEXT.test(v)) {
    const n = Number(v);
    if (n >= INT_MIN && n <= INT_MAX) return n === 0 ? 0 : n;
  }
  fail(ctx, 'cast', `cannot cast ${JSON.stringify(v)} to integer`);
  return 0;
}

/**
 * Implicit cast to boolean. Integers do not cast implicitly (the kit wants `NOT 10` to be a cast error);
 * the explicit `BOOL(x)` does accept them.
 */
export function toBoolean(ctx: EvalContext, v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (v.length === 4 || v.length === 5) {
      const lower = v.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
    }
    fail(ctx, 'cast', `cannot cast ${JSON.stringify(v)} to boolean`);
    return false;
  }
  fail(ctx, 'cast', `cannot cast integer ${v} to boolean implicitly, use BOOL()`);
  return false;
}

export const toStringValue = (v: Value): string => (typeof v === 'string' ? v : String(v));

export function castTo(ctx: EvalContext, v: Value, type: CesqlType): Value {
  switch (type) {
    case 'integer':
      return toInteger(ctx, v);
    case 'boolean':
      return toBoolean(ctx, v);
    case 'string':
      return toStringValue(v);
  }
}

/** Reads an attribute: numbers that are 32-bit integers and booleans keep their type, all else is a string. */
export function readAttribute(attrs: Attributes, name: string): Value | undefined {
  if (!Object.hasOwn(attrs, name)) return undefined;
  const v = attrs[name];
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX ? v : String(v);
  return v === undefined || v === null ? undefined : String(v);
}
