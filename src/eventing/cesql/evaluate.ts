/**
 * Compiles a CESQL AST to closures once, so evaluating an event walks no tree and allocates nothing
 * unless an error is collected. Semantics (CESQL v1 §3 and its TCK): operands are cast implicitly (a
 * failed cast yields the type's zero value and a cast error, and the operator goes on); an operator or
 * function whose operand raised an error — a missing attribute, a math error below it — returns the zero
 * value of its return type without evaluating further; a bare missing attribute is false; AND/OR
 * short-circuit; integer overflow and division by zero give 0 and a math error.
 */
import {
  castTo,
  type Eval,
  fail,
  INT_MAX,
  INT_MIN,
  readAttribute,
  toBoolean,
  toInteger,
  toStringValue,
  typeOf,
  type Value,
  ZERO,
} from './casts.js';
import { resolveFunction } from './functions.js';
import { compileLike } from './like.js';
import type { BinaryOp, Node } from './parser.js';

export function compileNode(node: Node): Eval {
  switch (node.type) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'attribute': {
      const { name } = node;
      const message = `missing attribute: ${name}`;
      return (ctx) => {
        const v = readAttribute(ctx.attrs, name);
        if (v !== undefined) return v;
        fail(ctx, 'missingAttribute', message);
        return false;
      };
    }
    case 'exists': {
      const { name } = node;
      return (ctx) => readAttribute(ctx.attrs, name) !== undefined;
    }
    case 'unary': {
      const operand = compileNode(node.operand);
      if (node.op === 'NOT') {
        return (ctx) => {
          const errors = ctx.errorCount;
          const v = operand(ctx);
          return ctx.errorCount !== errors ? false : !toBoolean(ctx, v);
        };
      }
      return (ctx) => {
        const errors = ctx.errorCount;
        const v = operand(ctx);
        if (ctx.errorCount !== errors) return 0;
        const n = toInteger(ctx, v);
        if (n === INT_MIN) return overflow(ctx);
        return n === 0 ? 0 : -n;
      };
    }
    case 'binary':
      return compileBinary(node.op, compileNode(node.left), compileNode(node.right));
    case 'like': {
      const operand = compileNode(node.operand);
      const match = compileLike(node.pattern);
      const negated = node.negated;
      return (ctx) => {
        const errors = ctx.errorCount;
        const v = operand(ctx);
        return ctx.errorCount !== errors ? false : match(toStringValue(v)) !== negated;
      };
    }
    case 'in':
      return compileIn(compileNode(node.operand), node.set, node.negated);
    case 'call':
      return compileCall(node.name, node.args.map(compileNode));
  }
}

function overflow(ctx: Parameters<Eval>[0]): number {
  fail(ctx, 'math', 'integer overflow');
  return 0;
}

function compileBinary(op: BinaryOp, left: Eval, right: Eval): Eval {
  switch (op) {
    case 'AND':
      return (ctx) => {
        const errors = ctx.errorCount;
        const l = left(ctx);
        if (ctx.errorCount !== errors || !toBoolean(ctx, l)) return false;
        const r = right(ctx);
        return ctx.errorCount !== errors ? false : toBoolean(ctx, r);
      };
    case 'OR':
      return (ctx) => {
        const errors = ctx.errorCount;
        const l = left(ctx);
        if (ctx.errorCount !== errors) return false;
        if (toBoolean(ctx, l)) return true;
        const r = right(ctx);
        return ctx.errorCount !== errors ? false : toBoolean(ctx, r);
      };
    case 'XOR':
      return (ctx) => {
        const errors = ctx.errorCount;
        const l = left(ctx);
        if (ctx.errorCount !== errors) return false;
        const r = right(ctx);
        return ctx.errorCount !== errors ? false : toBoolean(ctx, l) !== toBoolean(ctx, r);
      };
    case '=':
    case '!=':
    case '<>': {
      const negated = op !== '=';
      // `=` is ambiguous: the right operand's type picks the overload, the left is cast to it (§3.7).
      return (ctx) => {
        const errors = ctx.errorCount;
        const l = left(ctx);
        if (ctx.errorCount !== errors) return false;
        const r = right(ctx);
        if (ctx.errorCount !== errors) return false;
        const same = typeof l === typeof r ? l === r : castTo(ctx, l, typeOf(r)) === r;
        return same !== negated;
      };
    }
    default:
      return compileIntegerOp(op, left, right);
  }
}

function compileIntegerOp(op: BinaryOp, left: Eval, right: Eval): Eval {
  const isComparison = op === '<' || op === '<=' || op === '>' || op === '>=';
  const zero = isComparison ? false : 0;
  const apply = INTEGER_OPS[op]!;
  return (ctx) => {
    const errors = ctx.errorCount;
    const l = left(ctx);
    if (ctx.errorCount !== errors) return zero;
    const r = right(ctx);
    if (ctx.errorCount !== errors) return zero;
    return apply(ctx, toInteger(ctx, l), toInteger(ctx, r));
  };
}

type IntegerOp = (ctx: Parameters<Eval>[0], a: number, b: number) => Value;

const checked = (ctx: Parameters<Eval>[0], n: number): number =>
  n > INT_MAX || n < INT_MIN ? overflow(ctx) : n === 0 ? 0 : n;

const INTEGER_OPS: Partial<Record<BinaryOp, IntegerOp>> = {
  '<': (_c, a, b) => a < b,
  '<=': (_c, a, b) => a <= b,
  '>': (_c, a, b) => a > b,
  '>=': (_c, a, b) => a >= b,
  '+': (ctx, a, b) => checked(ctx, a + b),
  '-': (ctx, a, b) => checked(ctx, a - b),
  // A product of two 32-bit integers may round as a double, but never back into the 32-bit range.
  '*': (ctx, a, b) => checked(ctx, a * b),
  '/': (ctx, a, b) => {
    if (b === 0) {
      fail(ctx, 'math', 'division by zero');
      return 0;
    }
    return checked(ctx, Math.trunc(a / b));
  },
  '%': (ctx, a, b) => {
    if (b === 0) {
      fail(ctx, 'math', 'modulo by zero');
      return 0;
    }
    return checked(ctx, a % b);
  },
};

function compileIn(operand: Eval, setNodes: Node[], negated: boolean): Eval {
  const set = setNodes.map(compileNode);
  // All-string-literal sets (the usual `type IN ('a', 'b')`) answer string operands with one lookup.
  const strings = setNodes.every((n) => n.type === 'literal' && typeof n.value === 'string')
    ? new Set(setNodes.map((n) => (n as { value: string }).value))
    : undefined;
  return (ctx) => {
    const errors = ctx.errorCount;
    const l = operand(ctx);
    if (ctx.errorCount !== errors) return false;
    if (strings && typeof l === 'string') return strings.has(l) !== negated;
    const type = typeOf(l);
    for (const element of set) {
      const v = element(ctx);
      if (ctx.errorCount !== errors) return false;
      if ((typeof v === typeof l ? v : castTo(ctx, v, type)) === l) return !negated;
    }
    return negated;
  };
}

function compileCall(name: string, args: Eval[]): Eval {
  const def = resolveFunction(name, args.length);
  if (!def) {
    const message = `no function ${name} taking ${args.length} argument${args.length === 1 ? '' : 's'}`;
    return (ctx) => {
      fail(ctx, 'missingFunction', message);
      return false;
    };
  }
  const types = args.map((_, i) => def.params[i] ?? def.variadic ?? 'any');
  const zero = ZERO[def.returns];
  // One argument buffer per call site: evaluation is synchronous and a call site never re-enters itself.
  const buf: Value[] = new Array(args.length);
  return (ctx) => {
    const errors = ctx.errorCount;
    for (let i = 0; i < args.length; i++) {
      const v = args[i]!(ctx);
      if (ctx.errorCount !== errors) return zero;
      const type = types[i]!;
      buf[i] = type === 'any' ? v : castTo(ctx, v, type);
    }
    return def.impl(ctx, buf);
  };
}
