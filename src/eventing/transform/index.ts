/**
 * The EventTransform data plane's public surface: the plane `ebb up` mounts on its ingress port, and
 * the expression and event-format functions it is made of. Everything else in this folder is internal.
 */

export {
  BadEventError,
  BodyTooLargeError,
  EvaluationError,
  EvaluationTimeoutError,
  InvalidOutputError,
  SinkFailedError,
  SinkUnavailableError,
  TransformError,
} from './errors.js';
export { bodyToInput, eventToInput, outputToEvent } from './event-json.js';
export type { CompiledExpression } from './expression.js';
export { compileExpression, DEFAULT_EVALUATION_TIMEOUT_MS } from './expression.js';
export type { TransformPlaneOptions, TransformSpec, UpsertResult } from './plane.js';
export { DEFAULT_MAX_BODY_BYTES, TransformPlane } from './plane.js';
