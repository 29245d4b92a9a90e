/**
 * Failures of the CloudEvents binding. A `CloudEventError` crosses HTTP: broker ingress answers it with
 * `status` and `reason`, a message that names the attribute, header or byte that is wrong.
 */
import { EbbError } from '../../errors.js';

export type CloudEventErrorStatus = 400 | 415;

export class CloudEventError extends EbbError {
  /** 400 for a malformed event, 415 for a request that is not a CloudEvent in a supported format. */
  readonly status: CloudEventErrorStatus;
  /** What is wrong, e.g. "missing required attribute: id". The same text as `message`. */
  readonly reason: string;
  /** The context attribute at fault, when there is one. */
  readonly attribute: string | undefined;
  constructor(status: CloudEventErrorStatus, reason: string, attribute?: string, options?: ErrorOptions) {
    super(status === 415 ? 'EBB_CE_UNSUPPORTED_MEDIA_TYPE' : 'EBB_CE_INVALID_EVENT', reason, options);
    this.status = status;
    this.reason = reason;
    this.attribute = attribute;
  }

  /** The same failure located inside a batch: "batch[3]: missing required attribute: id". */
  at(where: string): CloudEventError {
    return new CloudEventError(this.status, `${where}: ${this.reason}`, this.attribute, { cause: this });
  }
}

export const invalid = (reason: string, attribute?: string, cause?: unknown) =>
  new CloudEventError(400, reason, attribute, cause === undefined ? undefined : { cause });

/** A stored record that cannot be decoded: the log is corrupt or was written by a newer Ebb. */
export class EventCodecError extends EbbError {
  constructor(message: string) {
    super('EBB_CE_CODEC', message);
  }
}
