/**
 * The event sent to a dead-letter sink: the original, plus Knative's error extensions saying where it was
 * going and what came back —
 *   knativeerrordest  the destination that failed (the subscriber, or the reply URI when the reply failed)
 *   knativeerrorcode  its HTTP status (absent when there was no response: network error or timeout)
 *   knativeerrordata  base64 of the start of its response body (or of the error, when there was no
 *                     response), cut to 1024 characters as Knative cuts it; absent when empty.
 */
import type { EventRecord } from '../types.js';
import type { DeliveryError } from './errors.js';

export const ERROR_DEST_EXTENSION = 'knativeerrordest';
export const ERROR_CODE_EXTENSION = 'knativeerrorcode';
export const ERROR_DATA_EXTENSION = 'knativeerrordata';
/** Knative's `KnativeErrorDataExtensionMaxLength`, applied to the base64 text. */
export const ERROR_DATA_MAX_LENGTH = 1024;
/** Raw bytes that fill ERROR_DATA_MAX_LENGTH base64 characters. */
const ERROR_DATA_MAX_BYTES = (ERROR_DATA_MAX_LENGTH / 4) * 3;

export function deadLetterEvent(event: EventRecord, destination: string, err: DeliveryError): EventRecord {
  const attributes = { ...event.attributes };
  // A dead letter of a dead letter (a DLS that is itself a trigger's subscriber) says what failed last.
  delete attributes[ERROR_CODE_EXTENSION];
  delete attributes[ERROR_DATA_EXTENSION];
  attributes[ERROR_DEST_EXTENSION] = destination;
  if (err.status !== undefined) attributes[ERROR_CODE_EXTENSION] = String(err.status);
  const raw = err.status !== undefined ? err.body : Buffer.from(`dispatch error: ${err.message}`);
  if (raw && raw.length > 0) {
    attributes[ERROR_DATA_EXTENSION] = raw.subarray(0, ERROR_DATA_MAX_BYTES).toString('base64');
  }
  return event.data === undefined ? { attributes } : { attributes, data: event.data };
}
