/**
 * The EventTransform data plane's failures. Each carries the HTTP status the transform answers with and a
 * plain-text message naming what failed — the evaluation (with jsonata's code and position), the limit
 * that was hit (body size, evaluation time), or the output that is not a CloudEvent — so the sender's
 * retry and dead-letter policy sees a status and the dead-letter sink's `knativeerrordata` says why.
 * Knative's JSONata transformer answers every failure with 500; Ebb does too, except for requests it
 * cannot take (413, 400) and for the sink's own failures (502, 504).
 */
import { EbbError } from '../../errors.js';

export class TransformError extends EbbError {
  readonly status: number;
  constructor(code: string, status: number, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.status = status;
  }
}

/** 500: the expression failed while evaluating (a JSONata runtime error, e.g. T2002 or `$error()`). */
export class EvaluationError extends TransformError {
  constructor(what: string, detail: string, options?: ErrorOptions) {
    super('EBB_TRANSFORM_EVALUATION', 500, `${what} expression failed: ${detail}`, options);
  }
}

/** 500: the expression ran longer than the evaluation timeout (JSONata's D1012 guardrail). */
export class EvaluationTimeoutError extends TransformError {
  constructor(what: string, timeoutMs: number, options?: ErrorOptions) {
    super(
      'EBB_TRANSFORM_TIMEOUT',
      500,
      `${what} expression exceeded the evaluation timeout of ${timeoutMs} ms (evaluationTimeoutMs): check for an infinite loop`,
      options,
    );
  }
}

/** 500: the expression's result is not a valid CloudEvent in the JSON event format. */
export class InvalidOutputError extends TransformError {
  constructor(what: string, reason: string, options?: ErrorOptions) {
    super(
      'EBB_TRANSFORM_INVALID_OUTPUT',
      500,
      `${what} expression did not produce a valid CloudEvent: ${reason}`,
      options,
    );
  }
}

/** 413: the request body is larger than the data plane's `maxBodyBytes`. */
export class BodyTooLargeError extends TransformError {
  constructor(limit: number) {
    super(
      'EBB_TRANSFORM_BODY_TOO_LARGE',
      413,
      `request body larger than the EventTransform limit of ${limit} bytes (maxBodyBytes)`,
    );
  }
}

/** 400: a malformed CloudEvent, or a batch (which Knative's transformer refuses too). */
export class BadEventError extends TransformError {
  constructor(message: string, options?: ErrorOptions) {
    super('EBB_TRANSFORM_BAD_EVENT', 400, message, options);
  }
}

/** 405: events are sent with POST. */
export class MethodNotAllowedError extends TransformError {
  constructor(method: string) {
    super('EBB_TRANSFORM_METHOD_NOT_ALLOWED', 405, `method ${method} not allowed: send events with POST`);
  }
}

/** 503: the transform's sink does not resolve (yet); the status of the EventTransform says why. */
export class SinkUnavailableError extends TransformError {
  constructor(reason: string) {
    super('EBB_TRANSFORM_SINK_UNAVAILABLE', 503, `the EventTransform's sink is not available: ${reason}`);
  }
}

/** 502 (no response) or 504 (timeout): the sink could not be reached. */
export class SinkFailedError extends TransformError {
  constructor(status: 502 | 504, sinkUri: string, reason: string, options?: ErrorOptions) {
    super('EBB_TRANSFORM_SINK_FAILED', status, `delivery to the sink ${sinkUri} failed: ${reason}`, options);
  }
}

/** The client went away before its body was complete; there is nobody to answer. */
export class ClientAbortedError extends TransformError {
  constructor() {
    super('EBB_TRANSFORM_CLIENT_ABORTED', 499, 'client closed the connection before the body was complete');
  }
}
