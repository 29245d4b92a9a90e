/**
 * A compiled JSONata expression with Ebb's evaluation limit. Evaluation runs in-process on the
 * `jsonata` package (what Knative's transformer image runs); its guardrail checks the elapsed time at
 * every evaluation step, so a non-terminating expression (JSONata loops by recursion, which tail calls
 * make unbounded) stops with D1012 after `timeoutMs`. The guardrail cannot interrupt a single built-in
 * call (one huge `$sort`, a backtracking regex), and evaluation shares the platform's thread: the
 * timeout is also the longest an expression can hold it.
 */
import jsonata from 'jsonata';
import { EvaluationError, EvaluationTimeoutError } from './errors.js';

/** How long one evaluation may run. Knative sets none; Ebb must, as evaluation is in-process. */
export const DEFAULT_EVALUATION_TIMEOUT_MS = 1_000;

interface JsonataError {
  code?: string;
  position?: number;
  message?: string;
}

export interface CompiledExpression {
  /** `transformation` or `reply`: what the errors name. */
  readonly what: string;
  evaluate(input: unknown): Promise<unknown>;
}

/** Compiles `source`; throws jsonata's error (code, position, message) when it does not parse. */
export function compileExpression(
  source: string,
  what: string,
  timeoutMs = DEFAULT_EVALUATION_TIMEOUT_MS,
): CompiledExpression {
  const expression = jsonata(source, { timeout: timeoutMs });
  return {
    what,
    async evaluate(input) {
      try {
        return await expression.evaluate(input);
      } catch (error) {
        const e = error as JsonataError;
        if (e.code === 'D1012') throw new EvaluationTimeoutError(what, timeoutMs, { cause: error });
        throw new EvaluationError(what, describe(e, error), { cause: error });
      }
    },
  };
}

function describe(e: JsonataError, error: unknown): string {
  const message = e.message ?? String(error);
  if (!e.code) return message;
  return typeof e.position === 'number'
    ? `${message} (${e.code}, position ${e.position})`
    : `${message} (${e.code})`;
}
