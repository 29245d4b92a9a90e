/**
 * CESQL v1 built-in functions (§3.5): string manipulation, ABS, and the casting functions INT, BOOL,
 * STRING, IS_INT, IS_BOOL. Functions are dispatched by name and arity at compile time; arguments are
 * implicitly cast to the parameter types before `impl` runs. Character positions count code points.
 */
import {
  type CesqlType,
  type EvalContext,
  fail,
  INT_MAX,
  INT_MIN,
  toInteger,
  toStringValue,
  type Value,
} from './casts.js';

export type ParamType = CesqlType | 'any';

export interface FunctionDef {
  name: string;
  /** Fixed parameters. */
  params: ParamType[];
  /** Type of the repeated trailing parameters of a variadic function. */
  variadic?: ParamType;
  returns: CesqlType;
  /** `args` are already cast to the parameter types; the array is reused between calls. */
  impl(ctx: EvalContext, args: Value[]): Value;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Code-point length and slicing; strings without surrogate pairs take the cheap UTF-16 path. */
function cpLength(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function cpSlice(s: string, start: number, end: number): string {
  if (!SURROGATE.test(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join('');
}

function substring(ctx: EvalContext, x: string, pos: number, len: number | undefined): string {
  const length = cpLength(x);
  if (pos > length || pos < -length) {
    fail(
      ctx,
      'functionEvaluation',
      `SUBSTRING position ${pos} is out of range for a string of length ${length}`,
    );
    return '';
  }
  if (len !== undefined && len < 0) {
    fail(ctx, 'functionEvaluation', `SUBSTRING length cannot be negative, was: ${len}`);
    return '';
  }
  if (pos === 0) return '';
  const start = pos > 0 ? pos - 1 : length + pos;
  return cpSlice(x, start, len === undefined ? length : Math.min(length, start + len));
}

const BUILTINS: FunctionDef[] = [
  { name: 'LENGTH', params: ['string'], returns: 'integer', impl: (_c, [x]) => cpLength(x as string) },
  { name: 'CONCAT', params: [], variadic: 'string', returns: 'string', impl: (_c, args) => args.join('') },
  {
    name: 'CONCAT_WS',
    params: ['string'],
    variadic: 'string',
    returns: 'string',
    impl: (_c, args) => args.slice(1).join(args[0] as string),
  },
  { name: 'LOWER', params: ['string'], returns: 'string', impl: (_c, [x]) => (x as string).toLowerCase() },
  { name: 'UPPER', params: ['string'], returns: 'string', impl: (_c, [x]) => (x as string).toUpperCase() },
  { name: 'TRIM', params: ['string'], returns: 'string', impl: (_c, [x]) => (x as string).trim() },
  {
    name: 'LEFT',
    params: ['string', 'integer'],
    returns: 'string',
    impl: (ctx, [x, y]) => {
      const s = x as string;
      const n = y as number;
      if (n < 0) {
        fail(ctx, 'functionEvaluation', `LEFT length cannot be negative, was: ${n}`);
        return s;
      }
      return cpSlice(s, 0, n);
    },
  },
  {
    name: 'RIGHT',
    params: ['string', 'integer'],
    returns: 'string',
    impl: (ctx, [x, y]) => {
      const s = x as string;
      const n = y as number;
      if (n < 0) {
        fail(ctx, 'functionEvaluation', `RIGHT length cannot be negative, was: ${n}`);
        return s;
      }
      const length = cpLength(s);
      return n >= length ? s : cpSlice(s, length - n, length);
    },
  },
  {
    name: 'SUBSTRING',
    params: ['string', 'integer'],
    returns: 'string',
    impl: (ctx, [x, pos]) => substring(ctx, x as string, pos as number, undefined),
  },
  {
    name: 'SUBSTRING',
    params: ['string', 'integer', 'integer'],
    returns: 'string',
    impl: (ctx, [x, pos, len]) => substring(ctx, x as string, pos as number, len as number),
  },
  {
    name: 'ABS',
    params: ['integer'],
    returns: 'integer',
    impl: (ctx, [x]) => {
      const n = x as number;
      if (n === INT_MIN) {
        fail(ctx, 'math', 'ABS(-2147483648) overflows a 32-bit integer');
        return INT_MAX;
      }
      return Math.abs(n);
    },
  },
  { name: 'INT', params: ['any'], returns: 'integer', impl: (ctx, [x]) => toInteger(ctx, x!) },
  {
    name: 'BOOL',
    params: ['any'],
    returns: 'boolean',
    impl: (ctx, [x]) => {
      if (typeof x === 'number') return x !== 0;
      if (typeof x === 'boolean') return x;
      const lower = (x as string).toLowerCase();
      if (lower === 'true' || lower === 'false') return lower === 'true';
      fail(ctx, 'cast', `cannot cast ${JSON.stringify(x)} to boolean`);
      return false;
    },
  },
  { name: 'STRING', params: ['any'], returns: 'string', impl: (_c, [x]) => toStringValue(x!) },
  {
    name: 'IS_INT',
    params: ['any'],
    returns: 'boolean',
    impl: (_c, [x]) => typeof x === 'number' || (typeof x === 'string' && isIntegerText(x)),
  },
  {
    name: 'IS_BOOL',
    params: ['any'],
    returns: 'boolean',
    impl: (_c, [x]) => typeof x === 'boolean' || (typeof x === 'string' && /^(true|false)$/i.test(x)),
  },
];

function isIntegerText(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = Number(s);
  return n >= INT_MIN && n <= INT_MAX;
}

const FIXED = new Map<string, FunctionDef>();
const VARIADIC = new Map<string, FunctionDef>();
for (const def of BUILTINS) {
  if (def.variadic) VARIADIC.set(def.name, def);
  else FIXED.set(`${def.name}/${def.params.length}`, def);
}

/** The built-in for `name` (upper-case) called with `arity` arguments, or undefined when none dispatches. */
export function resolveFunction(name: string, arity: number): FunctionDef | undefined {
  const fixed = FIXED.get(`${name}/${arity}`);
  if (fixed) return fixed;
  const variadic = VARIADIC.get(name);
  return variadic && arity >= variadic.params.length ? variadic : undefined;
}
