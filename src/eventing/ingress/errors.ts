/**
 * The broker ingress's failures. Each carries the HTTP status it is answered with and a plain-text message
 * that says what was wrong with the request (or which limit it hit), so `curl -v` output is enough to fix it.
 */
import { EbbError } from '../../errors.js';

export class IngressError extends EbbError {
  readonly status: number;
  constructor(code: string, status: number, message: string, options?: ErrorOptions) {
    super(code, message, options);
    this.status = status;
  }
}

/** 404: a two-segment path naming no broker this ingress knows. */
export class BrokerNotFoundError extends IngressError {
  constructor(namespace: string, name: string) {
    super('EBB_INGRESS_BROKER_NOT_FOUND', 404, `broker ${namespace}/${name} not found`);
  }
}

/** 405: brokers accept POST (and OPTIONS for the CloudEvents webhook handshake) only. */
export class MethodNotAllowedError extends IngressError {
  constructor(method: string) {
    super('EBB_INGRESS_METHOD_NOT_ALLOWED', 405, `method ${method} not allowed: send events with POST`);
  }
}

/** 413: the body is larger than the ingress's `maxBodyBytes`. */
export class BodyTooLargeError extends IngressError {
  constructor(limit: number) {
    super(
      'EBB_INGRESS_BODY_TOO_LARGE',
      413,
      `request body larger than the broker ingress limit of ${limit} bytes (maxBodyBytes)`,
    );
  }
}

/** 400: `knativebrokerttl` is present but not an integer. */
export class InvalidTtlError extends IngressError {
  constructor(value: string) {
    super(
      'EBB_INGRESS_INVALID_TTL',
      400,
      `knativebrokerttl must be an integer, was: ${JSON.stringify(value)}`,
    );
  }
}

/**
 * 400: `knativebrokerttl` reached 0. Knative's ingress answers 202 and silently drops such an event; Ebb
 * rejects it instead, so the sender of a reply loop sees why its events vanish.
 */
export class TtlExhaustedError extends IngressError {
  constructor(value: number) {
    super(
      'EBB_INGRESS_TTL_EXHAUSTED',
      400,
      `knativebrokerttl exhausted: event is looping (knativebrokerttl ${value})`,
    );
  }
}

/** 500: the log refused or failed the append; nothing of the request was acknowledged. */
export class AppendFailedError extends IngressError {
  constructor(stream: string, cause: unknown) {
    super(
      'EBB_INGRESS_APPEND_FAILED',
      500,
      `could not store the events in ${stream}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/** The client went away before its body was complete; there is nobody to answer. */
export class ClientAbortedError extends IngressError {
  constructor() {
    super('EBB_INGRESS_CLIENT_ABORTED', 499, 'client closed the connection before the body was complete');
  }
}
