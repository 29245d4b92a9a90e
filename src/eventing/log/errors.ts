/**
 * Failures of an EventLog. The codes are stable: dispatchers and ingress steer on them (a closed log during
 * shutdown is not an error worth a retry; an unknown consumer means its trigger was deleted).
 */
import { EbbError } from '../../errors.js';

export type EventLogErrorCode =
  | 'EBB_LOG_CLOSED'
  | 'EBB_LOG_OPEN_FAILED'
  | 'EBB_LOG_WRITE_FAILED'
  | 'EBB_LOG_UNKNOWN_CONSUMER'
  | 'EBB_LOG_OFFSET_AHEAD'
  | 'EBB_LOG_INVALID_ARGUMENT';

export class EventLogError extends EbbError {
  declare readonly code: EventLogErrorCode;
  constructor(code: EventLogErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

export const closedError = (path: string) =>
  new EventLogError('EBB_LOG_CLOSED', `event log ${path} is closed`);

export const unknownConsumer = (stream: string, consumer: string) =>
  new EventLogError('EBB_LOG_UNKNOWN_CONSUMER', `consumer ${consumer} of stream ${stream} does not exist`);

export const invalidArgument = (message: string) => new EventLogError('EBB_LOG_INVALID_ARGUMENT', message);
