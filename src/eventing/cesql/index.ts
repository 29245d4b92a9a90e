/**
 * CloudEvents SQL (CESQL v1) engine: `compileCesql(expression)` parses once (throwing
 * `CesqlParseError`) and returns an expression that evaluates events through precompiled closures.
 * Hand-written — lexer, precedence-climbing parser, closure compiler — because no JavaScript CESQL
 * library exists. Behaviour follows the CESQL v1 spec and its conformance kit (TCK).
 */
import type { Attributes, EvalContext, Value } from './casts.js';
import type { CesqlError } from './errors.js';
import { compileNode } from './evaluate.js';
import { parse } from './parser.js';

export type { Attributes, CesqlType, Value } from './casts.js';
export { CesqlError, type CesqlErrorKind, CesqlParseError } from './errors.js';

/** What an expression reads: an `EventRecord` (all strings) or an event with typed extension values. */
export interface CesqlEvent {
  attributes: Attributes;
}

export interface CesqlEvaluation {
  value: Value;
  /** Errors met during evaluation, in order; empty when none. */
  errors: CesqlError[];
}

export interface CompiledExpression {
  readonly expression: string;
  /** Complete evaluation: the value and every error (CESQL v1 §4.1). */
  evaluate(event: CesqlEvent): CesqlEvaluation;
  /**
   * The filter rule, as Knative's brokers apply it (the Kafka broker's SqlFilter): no error occurred and
   * the value cast to Boolean (§3.7) is `true` — so `mybool` matches an event whose binary-mode header
   * brought the string "true" (any case), an integer matches when non-zero, and a value that does not cast
   * (any other string) does not match. Allocates nothing.
   */
  matches(event: CesqlEvent): boolean;
}

/** The filter result cast to Boolean; a failed cast is no match. */
function castFilterResult(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return value.length === 4 && value.toLowerCase() === 'true';
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

export function compileCesql(expression: string): CompiledExpression {
  const root = compileNode(parse(expression));
  const ctx: EvalContext = { attrs: NO_ATTRIBUTES, errorCount: 0, collect: false, errors: [] };
  const run = (event: CesqlEvent, collect: boolean): Value => {
    ctx.attrs = event.attributes;
    ctx.errorCount = 0;
    ctx.collect = collect;
    try {
      return root(ctx);
    } finally {
      ctx.attrs = NO_ATTRIBUTES;
    }
  };
  return {
    expression,
    evaluate(event) {
      const errors: CesqlError[] = [];
      ctx.errors = errors;
      const value = run(event, true);
      ctx.errors = [];
      return { value, errors };
    },
    matches(event) {
      const value = run(event, false);
      return ctx.errorCount === 0 && castFilterResult(value);
    },
  };
}
