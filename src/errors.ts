/**
 * Ebb's error base: a stable string `code`, `name` set, `cause` passed through. Errors that cross HTTP
 * carry their status and render as a Kubernetes `Status` object (reason, message, details.causes).
 */
import type { FieldCause } from './api/field-error.js';

export class EbbError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: FieldCause[];
  retryAfterSeconds?: number;
}

/** Kubernetes `StatusReason` values used here. */
export type StatusReason =
  | 'BadRequest'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Gone'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'Timeout'
  | 'InternalError'
  | 'ServiceUnavailable';

/** An error that is answered over HTTP as a Kubernetes Status. */
export class ApiError extends EbbError {
  readonly status: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;
  constructor(
    status: number,
    reason: StatusReason,
    message: string,
    details?: StatusDetails,
    options?: ErrorOptions,
  ) {
    super(`EBB_API_${reason.toUpperCase()}`, message, options);
    this.status = status;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.status,
    };
  }
}

const resourceName = (group: string, plural: string) => (group ? `${plural}.${group}` : plural);

export const notFound = (group: string, plural: string, name: string) =>
  new ApiError(404, 'NotFound', `${resourceName(group, plural)} "${name}" not found`, {
    name,
    ...(group ? { group } : {}),
    kind: plural,
  });

export const alreadyExists = (group: string, plural: string, name: string) =>
  new ApiError(409, 'AlreadyExists', `${resourceName(group, plural)} "${name}" already exists`, {
    name,
    ...(group ? { group } : {}),
    kind: plural,
  });

export const conflict = (group: string, plural: string, name: string, why: string) =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resourceName(group, plural)} "${name}": ${why}`,
    { name, ...(group ? { group } : {}), kind: plural },
  );

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

/** 422 with field causes, Kubernetes' `<Kind> "<name>" is invalid: <path>: <message>`. */
export const invalid = (kind: string, name: string, group: string, causes: FieldCause[], text: string) =>
  new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${text}`, {
    name,
    ...(group ? { group } : {}),
    kind,
    causes,
  });
