/**
 * CLI errors and how they are shown: an API `Status` becomes `Error from server (Reason): message` with
 * one line per field cause; everything else is `error: message`.
 */
import { EbbError } from '../errors.js';

export interface StatusCause {
  field?: string;
  message?: string;
  reason?: string;
}

/** A usage or local failure (bad flag, unreadable file, timeout). */
export class CliError extends EbbError {
  constructor(message: string, options?: ErrorOptions) {
    super('EBB_CLI_ERROR', message, options);
  }
}

/** The API answered with a Kubernetes `Status` failure. `message` carries the causes, one per line. */
export class ApiStatusError extends EbbError {
  readonly status: number;
  readonly reason: string;
  readonly statusMessage: string;
  readonly causes: StatusCause[];
  constructor(status: number, reason: string, statusMessage: string, causes: StatusCause[] = []) {
    super('EBB_CLI_API_STATUS', [statusMessage, ...causes.map(causeLine)].join('\n'));
    this.status = status;
    this.reason = reason;
    this.statusMessage = statusMessage;
    this.causes = causes;
  }
}

/** The API could not be reached at all. */
export class UnreachableError extends EbbError {
  constructor(server: string, options?: ErrorOptions) {
    super(
      'EBB_CLI_UNREACHABLE',
      `cannot reach the Ebb API at ${server}: is \`ebb up\` running? (set --server or EBB_SERVER)`,
      options,
    );
  }
}

const causeLine = (c: StatusCause): string =>
  `  ${c.field ? `${c.field}: ` : ''}${c.message ?? c.reason ?? ''}`;

export const isNotFound = (err: unknown): boolean => err instanceof ApiStatusError && err.status === 404;

/** The text printed to stderr for an error. */
export function formatError(err: unknown): string {
  if (err instanceof ApiStatusError) return `Error from server (${err.reason}): ${err.message}`;
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}
