/**
 * CESQL errors, one per error kind of the CESQL v1 spec (§3.3). Parse errors are thrown by
 * `compileCesql` and carry the 0-based character offset of the offending token; evaluation errors are
 * collected into the error list returned next to the value, never thrown.
 */
import { EbbError } from '../../errors.js';

export type CesqlErrorKind =
  | 'parse'
  | 'math'
  | 'cast'
  | 'missingFunction'
  | 'functionEvaluation'
  | 'missingAttribute'
  | 'generic';

const CODES: Record<CesqlErrorKind, string> = {
  parse: 'EBB_CESQL_PARSE',
  math: 'EBB_CESQL_MATH',
  cast: 'EBB_CESQL_CAST',
  missingFunction: 'EBB_CESQL_MISSING_FUNCTION',
  functionEvaluation: 'EBB_CESQL_FUNCTION_EVALUATION',
  missingAttribute: 'EBB_CESQL_MISSING_ATTRIBUTE',
  generic: 'EBB_CESQL_GENERIC',
};

export class CesqlError extends EbbError {
  /** The spec's error kind, as the conformance kit names it. */
  readonly kind: CesqlErrorKind;
  constructor(kind: CesqlErrorKind, message: string, options?: ErrorOptions) {
    super(CODES[kind], message, options);
    this.kind = kind;
  }
}

/** The expression is not valid CESQL: "parse error at position 12: unexpected token ')'". */
export class CesqlParseError extends CesqlError {
  /** 0-based character offset into the expression. */
  readonly position: number;
  /** The message without the position prefix, e.g. "unexpected token ')'". */
  readonly detail: string;
  constructor(position: number, detail: string) {
    super('parse', `parse error at position ${position}: ${detail}`);
    this.position = position;
    this.detail = detail;
  }
}
