/**
 * What a JSONata expression sees and what it must give back, as Knative's transformer does it
 * (transform-jsonata/jsonata.js: `JSON.parse(HTTP.structured(event).body)` in, the result sent on as
 * `application/cloudevents+json` out):
 *
 * - in: the event in the JSON event format — its attributes as top-level members and `data` parsed when
 *   the data is JSON (a JSON or absent datacontenttype), as a string when it is other UTF-8 text, or as
 *   `data_base64` when it is bytes. A request that is not a CloudEvent at all is the body itself, parsed
 *   as JSON when it is JSON, else its text (Knative's fallback).
 * - out: a JSON object that is a valid CloudEvent in the JSON event format (specversion, id, source and
 *   type required). It is read by the same structured-mode parser broker ingress runs, so what the
 *   broker would refuse is refused here, with the same reason.
 */
import { isUtf8 } from 'node:buffer';
import {
  CloudEventError,
  isJsonContentType,
  parseHttpEvents,
  STRUCTURED_CONTENT_TYPE,
} from '../cloudevents/index.js';
import type { EventRecord } from '../types.js';
import { InvalidOutputError } from './errors.js';

export type JsonObject = Record<string, unknown>;

/** The event as the expression's input document. */
export function eventToInput(event: EventRecord): JsonObject {
  const input: JsonObject = { ...event.attributes };
  const data = event.data;
  if (data === undefined) return input;
  const contentType = event.attributes.datacontenttype;
  if (contentType === undefined || isJsonContentType(contentType)) {
    const parsed = parseJson(data);
    if (parsed.ok) {
      input.data = parsed.value;
      return input;
    }
  }
  if (isUtf8(data)) input.data = data.toString('utf8');
  else input.data_base64 = data.toString('base64');
  return input;
}

/** A body that is not a CloudEvent: its JSON value, or its text. */
export function bodyToInput(body: Buffer): unknown {
  const parsed = parseJson(body);
  return parsed.ok ? parsed.value : body.toString('utf8');
}

function parseJson(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (bytes.length === 0 || !isUtf8(bytes)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

const kindOf = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : `a ${typeof value}`;

/** The expression's result as an event; throws InvalidOutputError saying what is wrong with it. */
export function outputToEvent(result: unknown, what: string): EventRecord {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new InvalidOutputError(what, `expected a JSON object, got ${kindOf(result)}`);
  }
  const body = Buffer.from(JSON.stringify(result), 'utf8');
  try {
    return parseHttpEvents({ 'content-type': STRUCTURED_CONTENT_TYPE }, body)[0]!;
  } catch (error) {
    if (error instanceof CloudEventError) throw new InvalidOutputError(what, error.reason, { cause: error });
    throw error;
  }
}
